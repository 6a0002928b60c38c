using MultimodalSearch.Ingestion;

namespace MultimodalSearch.Tests.Ingestion;

public sealed class StylesCsvCatalogSourceTests : IDisposable
{
    private const string FashionHeader = "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName";

    private readonly string _root = Directory.CreateTempSubdirectory("styles-csv-").FullName;

    [Fact]
    public async Task Rows_of_the_fashion_product_images_format_map_to_items_with_images_by_id()
    {
        var entries = await ReadAsync(FashionHeader, "15970,Men,Apparel,Topwear,Shirts,Navy Blue,Fall,2011,Casual,Turtle Check Men Navy Blue Shirt");

        var entry = Assert.Single(entries);
        Assert.Null(entry.Problem);
        Assert.Equal("15970", entry.Id);
        Assert.Equal("shirt", entry.Category);
        Assert.Equal("Turtle Check Men Navy Blue Shirt", entry.Name);
        Assert.Equal(Path.Combine(_root, "images", "15970.jpg"), entry.ImagePath);
        Assert.Equal("Navy Blue", entry.Metadata["baseColour"]);
        Assert.Equal("Shirts", entry.Metadata["articleType"]);
        Assert.False(entry.Metadata.ContainsKey("productDisplayName"));
    }

    [Fact]
    public async Task Unquoted_commas_in_the_last_name_column_are_joined_back_into_the_name()
    {
        var entries = await ReadAsync(FashionHeader, "39386,Men,Apparel,Bottomwear,Jeans,Blue,Summer,2012,Casual,Peter England Men Party Blue Jeans, Slim, Fit");

        var entry = Assert.Single(entries);
        Assert.Null(entry.Problem);
        Assert.Equal("Peter England Men Party Blue Jeans, Slim, Fit", entry.Name);
        Assert.Equal("pants", entry.Category);
    }

    [Fact]
    public async Task Unquoted_commas_in_a_name_column_before_the_image_column_are_joined_back()
    {
        var entries = await ReadAsync("id,articleType,baseColour,pattern,productDisplayName,image", "7,t-shirt,red,plain,Red, Plain T-Shirt,images/t-shirt/7.jpg");

        var entry = Assert.Single(entries);
        Assert.Equal("Red, Plain T-Shirt", entry.Name);
        Assert.Equal(Path.Combine(_root, "images", "t-shirt", "7.jpg"), entry.ImagePath);
        Assert.Equal("t-shirt", entry.Category);
    }

    [Fact]
    public async Task Quoted_fields_with_commas_and_doubled_quotes_are_read()
    {
        var entries = await ReadAsync(FashionHeader, "1,Men,Apparel,Topwear,Tshirts,Black,Fall,2011,Casual,\"Nike \"\"Just Do It\"\", Black Tee\"");

        Assert.Equal("Nike \"Just Do It\", Black Tee", Assert.Single(entries).Name);
    }

    [Fact]
    public async Task Rows_with_too_few_columns_or_an_unclosed_quote_are_reported_by_line_and_the_rest_read()
    {
        var entries = await ReadAsync(
            FashionHeader,
            "1,Men,Apparel,Topwear,Tshirts,Black,Fall,2011,Casual,Good Tee",
            "2,Men,Apparel",
            "3,Men,Apparel,Topwear,Tshirts,Black,Fall,2011,Casual,\"Unclosed",
            ",Men,Apparel,Topwear,Tshirts,Black,Fall,2011,Casual,No Id",
            "5,Men,Apparel,Topwear,Tshirts,Black,Fall,2011,Casual,Another Good Tee");

        Assert.Equal(["1", "5"], entries.Where(e => e.Problem is null).Select(e => e.Id));
        var problems = entries.Where(e => e.Problem is not null).ToList();
        Assert.Equal(3, problems.Count);
        Assert.EndsWith("styles.csv:3", problems[0].ImagePath, StringComparison.Ordinal);
        Assert.Contains("3 columns", problems[0].Problem, StringComparison.Ordinal);
        Assert.EndsWith("styles.csv:4", problems[1].ImagePath, StringComparison.Ordinal);
        Assert.Contains("quote", problems[1].Problem, StringComparison.Ordinal);
        Assert.EndsWith("styles.csv:5", problems[2].ImagePath, StringComparison.Ordinal);
        Assert.Contains("empty id", problems[2].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unmapped_article_types_become_lower_case_categories_or_are_reported_when_skipping()
    {
        var keep = await ReadAsync(FashionHeader, "1,Women,Accessories,Bags,Handbags,Black,Fall,2011,Casual,Bag");
        var skip = await ReadAsync(new StylesCsvOptions { SkipUnmapped = true }, FashionHeader, "1,Women,Accessories,Bags,Handbags,Black,Fall,2011,Casual,Bag");

        Assert.Equal("handbags", Assert.Single(keep).Category);
        Assert.Contains("Handbags", Assert.Single(skip).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_category_map_is_used()
    {
        var options = new StylesCsvOptions { CategoryMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Handbags"] = "bag" } };

        var entries = await ReadAsync(options, FashionHeader, "1,Women,Accessories,Bags,Handbags,Black,Fall,2011,Casual,Bag");

        Assert.Equal("bag", Assert.Single(entries).Category);
    }

    [Fact]
    public async Task An_image_path_that_leaves_the_catalog_folder_is_refused()
    {
        var entries = await ReadAsync("id,articleType,productDisplayName,image", "1,Tshirts,Tee,../../etc/passwd");

        Assert.Contains("leaves the catalog folder", Assert.Single(entries).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csv_without_the_id_column_is_an_error_naming_the_columns()
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("sku,articleType", "1,Tshirts"));

        Assert.Contains("'id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sku", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogSource_opens_a_csv_source_when_styles_csv_exists_and_a_folder_source_otherwise()
    {
        Assert.IsType<FolderCatalogSource>(CatalogSource.Open(_root));
        File.WriteAllText(Path.Combine(_root, "styles.csv"), FashionHeader);
        Assert.IsType<StylesCsvCatalogSource>(CatalogSource.Open(_root));
    }

    [Fact]
    public async Task Images_whose_links_lead_outside_the_folder_are_refused_unless_allowed()
    {
        var outside = Directory.CreateTempSubdirectory("styles-csv-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "2.jpg"), "x");
            Directory.CreateDirectory(Path.Combine(_root, "images"));
            File.WriteAllText(Path.Combine(_root, "images", "1.jpg"), "x");
            File.CreateSymbolicLink(Path.Combine(_root, "images", "2.jpg"), Path.Combine(outside, "2.jpg"));
            File.CreateSymbolicLink(Path.Combine(_root, "images", "3.jpg"), "/etc/passwd");
            Directory.CreateSymbolicLink(Path.Combine(_root, "elsewhere"), outside);
            string[] lines = [FashionHeader + ",image", "1,Men,A,B,Shirts,Blue,Fall,2011,Casual,One,", "2,Men,A,B,Shirts,Blue,Fall,2011,Casual,Two,", "3,Men,A,B,Shirts,Blue,Fall,2011,Casual,Three,", "4,Men,A,B,Shirts,Blue,Fall,2011,Casual,Four,elsewhere/2.jpg"];

            var entries = await ReadAsync(new StylesCsvOptions(), lines);
            var allowed = await ReadAsync(new StylesCsvOptions(), allowLinksOutsideRoot: true, lines);

            Assert.Null(entries[0].Problem);
            Assert.All(entries.Skip(1), e => Assert.Contains("outside the catalog folder", e.Problem, StringComparison.Ordinal));
            Assert.Contains($"a link to '{Path.Combine(outside, "2.jpg")}'", entries[1].Problem, StringComparison.Ordinal);
            Assert.Contains("a link to '/etc/passwd'", entries[2].Problem, StringComparison.Ordinal);
            Assert.All(allowed, e => Assert.Null(e.Problem));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<List<CatalogSourceEntry>> ReadAsync(params string[] lines) => ReadAsync(new StylesCsvOptions(), lines);

    private Task<List<CatalogSourceEntry>> ReadAsync(StylesCsvOptions options, params string[] lines) => ReadAsync(options, allowLinksOutsideRoot: false, lines);

    private async Task<List<CatalogSourceEntry>> ReadAsync(StylesCsvOptions options, bool allowLinksOutsideRoot, params string[] lines)
    {
        await File.WriteAllLinesAsync(Path.Combine(_root, "styles.csv"), lines);
        var entries = new List<CatalogSourceEntry>();
        await foreach (var entry in new StylesCsvCatalogSource(_root, options, allowLinksOutsideRoot).ReadAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }
}
