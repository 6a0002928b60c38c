namespace MultimodalSearch.Tests.Conversation;

/// <summary>The offline multi-turn scripts: follow-ups after text and after photos, "more" until a category runs out, topic changes, honest misses.</summary>
public static class ConversationScripts
{
    // Demo products (styles.csv): id, category, colour, pattern.
    private const string BlueJersey = "10325";        // jersey blue plain
    private const string RedStripedShirt = "10081";   // shirt red striped
    private const string BlueTShirt = "10025";        // t-shirt blue plain
    private const string RedStripedJacket = "10201";  // jacket red striped
    private const string RedStripedPants = "10141";   // pants red striped
    private const string RedStripedJersey = "10321";  // jersey red striped
    private const string GreenDottedShoes = "10275";  // shoes green dotted

    public static IReadOnlyDictionary<string, ConversationStep[]> All { get; } = new Dictionary<string, ConversationStep[]>(StringComparer.Ordinal)
    {
        ["more until black t-shirts run out"] =
        [
            new("two black t-shirts") { Categories = ["t-shirt"], Colour = "black", ItemCount = 2, FollowUp = FollowUpKind.New },
            new("show me more") { Categories = ["t-shirt"], Colour = "black", ItemCount = 1, FollowUp = FollowUpKind.More, Fresh = true, AdviceContains = "only 1 of the 2" },
            new("more") { Categories = ["t-shirt"], ItemCount = 0, FollowUp = FollowUpKind.More, AdviceContains = "no more" },
        ],
        ["more brown shoes one at a time until none are left"] =
        [
            new("brown shoes") { Categories = ["shoes"], Colour = "brown", ItemCount = 1 },
            new("show me another") { Colour = "brown", ItemCount = 1, FollowUp = FollowUpKind.More, Fresh = true },
            new("one more please") { Colour = "brown", ItemCount = 1, FollowUp = FollowUpKind.More, Fresh = true },
            new("any more?") { Categories = ["shoes"], ItemCount = 0, FollowUp = FollowUpKind.More },
        ],
        ["two more white shirts"] =
        [
            new("a white shirt") { Categories = ["shirt"], Colour = "white", ItemCount = 1 },
            new("show me 2 more") { Categories = ["shirt"], Colour = "white", ItemCount = 2, FollowUp = FollowUpKind.More, Fresh = true },
        ],
        ["colour change with instead"] =
        [
            new("a green jacket") { Categories = ["jacket"], Colour = "green", ItemCount = 1 },
            new("in red instead") { Categories = ["jacket"], Colour = "red", ItemCount = 1, FollowUp = FollowUpKind.Refine },
        ],
        ["colour change keeps the pattern"] =
        [
            new("black striped shirts") { Categories = ["shirt"], Colour = "black", Pattern = "striped" },
            new("now in blue") { Categories = ["shirt"], Colour = "blue", Pattern = "striped", FollowUp = FollowUpKind.Refine },
        ],
        ["pattern change keeps the colour"] =
        [
            new("yellow dotted shoes") { Categories = ["shoes"], Colour = "yellow", Pattern = "dotted" },
            new("striped instead") { Categories = ["shoes"], Colour = "yellow", Pattern = "striped", FollowUp = FollowUpKind.Refine },
        ],
        ["them in another colour"] =
        [
            new("grey t-shirts") { Categories = ["t-shirt"], Colour = "grey", ItemCount = 2 },
            new("do you have them in purple?") { Categories = ["t-shirt"], Colour = "purple", ItemCount = 2, FollowUp = FollowUpKind.Refine },
        ],
        ["negated colour then a new one"] =
        [
            new("a blue jersey") { Categories = ["jersey"], Colour = "blue" },
            new("not blue, something in green") { Categories = ["jersey"], Colour = "green", FollowUp = FollowUpKind.Refine },
        ],
        ["what about another category keeps the colour"] =
        [
            new("two black t-shirts") { Categories = ["t-shirt"], Colour = "black", ItemCount = 2 },
            new("what about shoes?") { Categories = ["shoes"], Colour = "black", ItemCount = 2, FollowUp = FollowUpKind.Refine },
        ],
        ["and another category"] =
        [
            new("a red jacket") { Categories = ["jacket"], Colour = "red" },
            new("and pants?") { Categories = ["pants"], Colour = "red", FollowUp = FollowUpKind.Refine },
        ],
        ["what about a jacket in pink"] =
        [
            new("pink pants") { Categories = ["pants"], Colour = "pink" },
            new("what about a jacket") { Categories = ["jacket"], Colour = "pink", ItemCount = 1, FollowUp = FollowUpKind.Refine },
        ],
        ["topic change starts afresh"] =
        [
            new("two black t-shirts") { Categories = ["t-shirt"], Colour = "black", ItemCount = 2 },
            new("I need a green jacket") { Categories = ["jacket"], Colour = "green", ItemCount = 1, FollowUp = FollowUpKind.New },
        ],
        ["two categories change colour together"] =
        [
            new("I need a green jacket and brown shoes") { Categories = ["jacket", "shoes"], ItemCount = 2 },
            new("in black instead") { Categories = ["jacket", "shoes"], Colour = "black", ItemCount = 2, FollowUp = FollowUpKind.Refine },
        ],
        ["whole catalog then more"] =
        [
            new("something red") { Colour = "red", ItemCount = 3 },
            new("show me more") { Colour = "red", ItemCount = 3, FollowUp = FollowUpKind.More, Fresh = true },
        ],
        ["the second one but in blue"] =
        [
            new("show me two black t-shirts") { Categories = ["t-shirt"], Colour = "black", ItemCount = 2 },
            new("the second one but in blue") { Categories = ["t-shirt"], Colour = "blue", PatternOfShown = 2, ItemCount = 1, Relation = PhotoRelation.Similar, FollowUp = FollowUpKind.Refine },
        ],
        ["the first one in red"] =
        [
            new("two grey jerseys") { Categories = ["jersey"], Colour = "grey", ItemCount = 2 },
            new("the first one in red") { Categories = ["jersey"], Colour = "red", PatternOfShown = 1, Relation = PhotoRelation.Similar },
        ],
        ["number 2 in green"] =
        [
            new("three white pants") { Categories = ["pants"], Colour = "white", ItemCount = 3 },
            new("number 2 in green please") { Categories = ["pants"], Colour = "green", PatternOfShown = 2, Relation = PhotoRelation.Similar },
        ],
        ["what goes with the first one"] =
        [
            new("a blue jacket") { Categories = ["jacket"], Colour = "blue" },
            new("what goes with the first one?") { NotCategories = ["jacket"], Relation = PhotoRelation.Complement, PhotoCategory = "jacket", ItemCount = 5 },
        ],
        ["photo: a jersey like this but red"] =
        [
            new("a jersey like this one, but red") { Upload = BlueJersey, Categories = ["jersey"], Colour = "red", Pattern = "plain", Relation = PhotoRelation.Similar },
        ],
        ["photo: this in white keeps the stripes"] =
        [
            new("this in white") { Upload = RedStripedJersey, Categories = ["jersey"], Colour = "white", Pattern = "striped", Relation = PhotoRelation.Similar },
        ],
        ["photo: do you have this in brown"] =
        [
            new("do you have this in brown?") { Upload = RedStripedPants, Categories = ["pants"], Colour = "brown", Pattern = "striped", Relation = PhotoRelation.Similar },
        ],
        ["photo: the same in green, then more"] =
        [
            new("the same in green") { Upload = BlueTShirt, Categories = ["t-shirt"], Colour = "green", Pattern = "plain", Relation = PhotoRelation.Similar },
            new("show me more") { Categories = ["t-shirt"], Colour = "green", Relation = PhotoRelation.Similar, FollowUp = FollowUpKind.More, Fresh = true },
        ],
        ["photo: what goes with this, then in black"] =
        [
            new("what goes with this?") { Upload = RedStripedShirt, NotCategories = ["shirt"], Relation = PhotoRelation.Complement, PhotoCategory = "shirt", ItemCount = 5 },
            new("in black") { NotCategories = ["shirt"], Colour = "black", Relation = PhotoRelation.Complement, FollowUp = FollowUpKind.Refine, ItemCount = 5 },
        ],
        ["photo: what goes with this, then more"] =
        [
            new("what goes with this?") { Upload = BlueTShirt, NotCategories = ["t-shirt"], Relation = PhotoRelation.Complement, ItemCount = 5 },
            new("show me more") { NotCategories = ["t-shirt"], Relation = PhotoRelation.Complement, FollowUp = FollowUpKind.More, Fresh = true, ItemCount = 5 },
        ],
        ["photo: pants to go with this, then shoes"] =
        [
            new("find pants to go with this") { Upload = RedStripedShirt, Categories = ["pants"], Relation = PhotoRelation.Complement, PhotoCategory = "shirt" },
            new("what about shoes?") { Categories = ["shoes"], Relation = PhotoRelation.Complement, FollowUp = FollowUpKind.Refine },
        ],
        ["photo: the same in red, then what about pants"] =
        [
            new("the same in red") { Upload = BlueJersey, Categories = ["jersey"], Colour = "red", Relation = PhotoRelation.Similar },
            new("what about pants?") { Categories = ["pants"], Colour = "red", Relation = PhotoRelation.Complement, FollowUp = FollowUpKind.Refine },
        ],
        ["photo alone completes the outfit"] =
        [
            new("") { Upload = RedStripedPants, NotCategories = ["pants"], Relation = PhotoRelation.Complement, PhotoCategory = "pants", ItemCount = 5 },
        ],
        ["photo expired before the follow-up"] =
        [
            new("what goes with this?") { Upload = RedStripedShirt, NotCategories = ["shirt"], ItemCount = 5 },
            new("show me more") { ForgetUploads = true, FollowUp = FollowUpKind.More, Fresh = true, ItemCount = 5 },
        ],
        ["card: more like this"] =
        [
            new("more like this") { Item = RedStripedJacket, Categories = ["jacket"], Relation = PhotoRelation.Similar, ItemCount = 1 },
        ],
        ["card: what goes with this, then the same in red"] =
        [
            new("what goes with this") { Item = GreenDottedShoes, NotCategories = ["shoes"], Relation = PhotoRelation.Complement, PhotoCategory = "shoes", ItemCount = 5 },
            new("the first one in red") { Colour = "red", Relation = PhotoRelation.Similar, FollowUp = FollowUpKind.Refine, ItemCount = 1 },
        ],
        ["the shop has no hats"] =
        [
            new("two hats") { Unmatched = ["hat"], ItemCount = 0, AdviceContains = "does not carry hats" },
        ],
        ["a hat and a black jacket"] =
        [
            new("a hat and a black jacket") { Categories = ["jacket"], Colour = "black", Unmatched = ["hat"], ItemCount = 1, AdviceContains = "does not carry hats" },
        ],
        ["after t-shirts, what about hats"] =
        [
            new("two black t-shirts") { Categories = ["t-shirt"], ItemCount = 2 },
            new("what about hats?") { Unmatched = ["hat"], ItemCount = 0, AdviceContains = "does not carry hats" },
        ],
        ["a scarf to go with this"] =
        [
            new("a scarf to go with this") { Upload = BlueTShirt, Unmatched = ["scarf"], ItemCount = 0, AdviceContains = "does not carry scarf" },
        ],
        ["three jerseys are three products"] =
        [
            new("three jerseys") { Categories = ["jersey"], ItemCount = 3 },
            new("two more") { Categories = ["jersey"], ItemCount = 2, FollowUp = FollowUpKind.More, Fresh = true },
        ],
    };
}
