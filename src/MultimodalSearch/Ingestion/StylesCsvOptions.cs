namespace MultimodalSearch.Ingestion;

/// <summary>How a <c>styles.csv</c> (the Fashion Product Images format) maps to catalog items.</summary>
public sealed class StylesCsvOptions
{
    /// <summary>Gets or sets the file name of the CSV inside the catalog folder (default <c>styles.csv</c>).</summary>
    public string FileName { get; set; } = "styles.csv";

    /// <summary>Gets or sets the id column (default <c>id</c>).</summary>
    public string IdColumn { get; set; } = "id";

    /// <summary>Gets or sets the column the category comes from (default <c>articleType</c>).</summary>
    public string CategoryColumn { get; set; } = "articleType";

    /// <summary>
    /// Gets or sets the display name column (default <c>productDisplayName</c>). It is also the column that
    /// absorbs unquoted commas: a row with more cells than the header has its extra cells joined into it.
    /// </summary>
    public string NameColumn { get; set; } = "productDisplayName";

    /// <summary>Gets or sets the column with the image path relative to the folder (default <c>image</c>); when absent or empty, <see cref="ImageFolder"/>/&lt;id&gt;.jpg is used.</summary>
    public string ImageColumn { get; set; } = "image";

    /// <summary>Gets or sets the folder of <c>&lt;id&gt;.jpg</c> images, relative to the catalog folder (default <c>images</c>).</summary>
    public string ImageFolder { get; set; } = "images";

    /// <summary>
    /// Gets or sets the mapping from the category column's values to catalog categories, compared
    /// case-insensitively. Values not in the map become categories as they are, lower-cased, unless
    /// <see cref="SkipUnmapped"/> is set. The default maps the Fashion Product Images article types
    /// (Tshirts, Shirts, Jeans, Trousers, Casual Shoes, Jackets, ...).
    /// </summary>
    public IDictionary<string, string> CategoryMap { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Tshirts"] = "t-shirt",
        ["Tshirt"] = "t-shirt",
        ["T-shirts"] = "t-shirt",
        ["Shirts"] = "shirt",
        ["Jeans"] = "pants",
        ["Trousers"] = "pants",
        ["Track Pants"] = "pants",
        ["Casual Shoes"] = "shoes",
        ["Sports Shoes"] = "shoes",
        ["Formal Shoes"] = "shoes",
        ["Sneakers"] = "shoes",
        ["Jackets"] = "jacket",
        ["Rain Jacket"] = "jacket",
        ["Jerseys"] = "jersey",
    };

    /// <summary>Gets or sets a value indicating whether rows whose category is not in <see cref="CategoryMap"/> are left out.</summary>
    public bool SkipUnmapped { get; set; }
}
