using MultimodalSearch.Evaluation;

namespace MultimodalSearch.Tests.Evaluation;

public sealed class AttributeQuerySetTests
{
    // Shirts: two black plain, one black striped, two red plain; one blue pants; one shirt without a colour.
    private static readonly LabelledItem[] Items =
    [
        Item("s1", "shirt", "black", "plain"),
        Item("s2", "shirt", "black", "plain"),
        Item("s3", "shirt", "black", "striped"),
        Item("s4", "shirt", "red", "plain"),
        Item("s5", "shirt", "red", "plain"),
        Item("p1", "pants", "blue", "plain"),
        new LabelledItem("x1", "shirt", new Dictionary<string, string> { ["pattern"] = "plain" }),
    ];

    [Fact]
    public void Text_queries_name_colour_and_category_and_then_the_pattern_with_relevance_by_attribute_match()
    {
        var text = AttributeQuerySet.Create(Items).Where(q => q.Kind == QueryKind.Text).ToList();

        Assert.Equal(
            [
                "a blue pants", "blue pants", "show me a blue pants",
                "a black shirt", "black shirts", "show me a black shirt",
                "a red shirt", "red shirts", "show me a red shirt",
                "blue plain pants", "black plain shirt", "black striped shirt", "red plain shirt",
            ],
            text.Select(q => q.Text));
        Assert.Equal(["s1", "s2", "s3"], Relevant(text.Single(q => q.Text == "black shirts")));
        Assert.Equal(["s1", "s2"], Relevant(text.Single(q => q.Text == "black plain shirt")));
        Assert.Equal(["s3"], Relevant(text.Single(q => q.Text == "black striped shirt")));
        Assert.Equal(["p1"], Relevant(text.Single(q => q.Text == "blue pants")));
        Assert.All(text, q => Assert.Equal("text: " + q.Text, q.Id));
        Assert.DoesNotContain(text, q => q.Relevance.ContainsKey("x1"));
    }

    [Fact]
    public void Photo_queries_take_one_item_per_group_of_two_or_more_and_judge_the_rest_of_its_group_relevant()
    {
        var photos = AttributeQuerySet.Create(Items).Where(q => q.Kind == QueryKind.Photo).ToList();

        Assert.Equal(["s1", "s4"], photos.Select(q => q.ImageItemId));
        Assert.Equal(["s2"], Relevant(photos[0]));
        Assert.Equal(["s5"], Relevant(photos[1]));
        Assert.Equal(["s1"], photos[0].ExcludedIds());
    }

    [Fact]
    public void Photo_and_text_queries_ask_for_another_colour_of_the_same_category_and_pattern()
    {
        var fused = AttributeQuerySet.Create(Items).Where(q => q.Kind == QueryKind.PhotoAndText).ToList();

        Assert.Equal(2, fused.Count);
        Assert.Equal(("s1", "in red"), (fused[0].ImageItemId, fused[0].Text));
        Assert.Equal(["s4", "s5"], Relevant(fused[0]));
        Assert.Equal(("s4", "the same shirt in black"), (fused[1].ImageItemId, fused[1].Text));
        Assert.Equal(["s1", "s2"], Relevant(fused[1]));
        Assert.Equal("photo+text: s1 in red", fused[0].Id);
    }

    [Fact]
    public void The_colours_asked_for_rotate_so_that_each_is_asked_about_equally_often()
    {
        LabelledItem[] hats = [.. new[] { "blue", "green", "red" }.SelectMany(c => new[] { Item($"{c}1", "hat", c, "plain"), Item($"{c}2", "hat", c, "plain") })];

        var one = AttributeQuerySet.Create(hats).Where(q => q.Kind == QueryKind.PhotoAndText).Select(q => (q.ImageItemId, q.Text)).ToList();
        var two = AttributeQuerySet.Create(hats, new AttributeQueryOptions { ColoursPerPhoto = 2 }).Where(q => q.Kind == QueryKind.PhotoAndText).ToList();

        Assert.Equal([("blue1", "in green"), ("green1", "the same hat in red"), ("red1", "in blue")], one);
        Assert.Equal(6, two.Count);
        Assert.All(two.GroupBy(q => q.Text![(q.Text!.LastIndexOf(' ') + 1)..]), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void Without_a_pattern_key_patterns_are_ignored_and_groups_are_category_and_colour()
    {
        var queries = AttributeQuerySet.Create(Items, new AttributeQueryOptions { PatternKey = null, PhotosPerGroup = 2, ColoursPerPhoto = 0 });

        Assert.Equal(9, queries.Count(q => q.Kind == QueryKind.Text));
        Assert.Equal(["s1", "s2", "s4", "s5"], queries.Where(q => q.Kind == QueryKind.Photo).Select(q => q.ImageItemId));
        Assert.Equal(["s2", "s3"], Relevant(queries.Single(q => q.ImageItemId == "s1")));
        Assert.DoesNotContain(queries, q => q.Kind == QueryKind.PhotoAndText);
    }

    [Fact]
    public void Items_without_the_colour_attribute_give_no_queries_and_ids_stay_unique()
    {
        Assert.Empty(AttributeQuerySet.Create([new LabelledItem("a", "shirt", new Dictionary<string, string>())]));

        var queries = AttributeQuerySet.Create([Item("a", "shirt", "black", "plain"), Item("b", "Shirt", "black", "plain")], new AttributeQueryOptions { PatternKey = null });

        Assert.Equal(["text: a black shirt", "text: black shirts", "text: show me a black shirt", "text: a black shirt (2)", "text: black shirts (2)", "text: show me a black shirt (2)"], queries.Select(q => q.Id));
        Assert.Equal(["b"], Relevant(queries[0]));
    }

    [Fact]
    public void Templates_without_their_placeholder_and_negative_counts_are_refused()
    {
        var options = new AttributeQueryOptions();
        options.PhotoTextTemplates.Add("in another colour");

        Assert.Contains("PhotoTextTemplates", Assert.Throws<ArgumentException>(() => AttributeQuerySet.Create(Items, options)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => AttributeQuerySet.Create(Items, new AttributeQueryOptions { PhotosPerGroup = -1 }));
    }

    private static LabelledItem Item(string id, string category, string colour, string pattern) =>
        new(id, category, new Dictionary<string, string> { ["baseColour"] = colour, ["pattern"] = pattern });

    private static string[] Relevant(JudgedQuery query) => [.. query.Relevance.Where(r => r.Value > 0).Select(r => r.Key).Order(StringComparer.Ordinal)];
}
