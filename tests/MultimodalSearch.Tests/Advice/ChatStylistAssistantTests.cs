using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using MultimodalSearch.Tests.Workflow;

namespace MultimodalSearch.Tests.Advice;

public sealed class ChatStylistAssistantTests : IDisposable
{
    private const string Answer = """{"answer": "The Red Pants go well with your striped shirt."}""";
    private readonly string _folder = Directory.CreateTempSubdirectory("stylist-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_valid_answer_is_used_and_marked_llm()
    {
        var chat = new ScriptedChatClient().Reply(Answer);

        var advice = await Create(chat).AdviseAsync(Request(["pants"], "10139"));

        Assert.Equal("The Red Pants go well with your striped shirt.", advice.Text);
        Assert.Equal(ResultSource.Llm, advice.Source);
        Assert.Null(advice.FallbackReason);
    }

    [Fact]
    public async Task The_assistant_receives_the_item_images_with_their_names_and_categories()
    {
        var chat = new ScriptedChatClient().Reply(Answer);

        await Create(chat).AdviseAsync(Request(["shirt", "pants"], "10079", "10080", "10139"));

        var (messages, options) = Assert.Single(chat.Calls);
        var user = messages.Single(m => m.Role == ChatRole.User);
        var images = user.Contents.OfType<DataContent>().ToList();

        // Categories take turns: the best shirt, the best pants, then the second shirt.
        Assert.Equal(3, images.Count);
        Assert.All(images, image => Assert.Equal("image/jpeg", image.MediaType));
        Assert.Equal(File.ReadAllBytes(DemoCatalogHits.ImagePath("10079")), images[0].Data.ToArray());
        Assert.Equal(File.ReadAllBytes(DemoCatalogHits.ImagePath("10139")), images[1].Data.ToArray());
        Assert.Equal(File.ReadAllBytes(DemoCatalogHits.ImagePath("10080")), images[2].Data.ToArray());
        var captions = user.Contents.OfType<TextContent>().Select(t => t.Text).ToList();
        Assert.Contains("Product 1: Red Shirt (shirt):", captions);
        Assert.Contains("Product 2: Red Pants (pants):", captions);
        Assert.Contains("Product 3: Red Shirt (shirt):", captions);
        Assert.Contains("1. Red Shirt (category shirt, colour red)", captions[0], StringComparison.Ordinal);
        Assert.Contains("<message>\nfind me something\n</message>", captions[0], StringComparison.Ordinal);
        Assert.Contains("The shopper asked for: shirt, pants; 3 per category.", captions[0], StringComparison.Ordinal);
        var format = Assert.IsType<ChatResponseFormatJson>(options?.ResponseFormat);
        Assert.Equal(["answer"], format.Schema!.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_prompt_says_which_categories_found_nothing_and_when_the_whole_catalog_was_searched()
    {
        var chat = new ScriptedChatClient().Reply(Answer).Reply(Answer);

        await Create(chat).AdviseAsync(new StylistRequest("a jacket and shoes", ["jacket", "shoes"], 1, [DemoCatalogHits.Get("10241")]));
        await Create(chat).AdviseAsync(new StylistRequest("something red", [], 2, [DemoCatalogHits.Get("10079"), DemoCatalogHits.Get("10139")]));

        var named = chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<TextContent>().First().Text;
        var anything = chat.Calls[1].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<TextContent>().First().Text;
        Assert.Contains("Nothing was found for: jacket.", named, StringComparison.Ordinal);
        Assert.Contains("The shopper asked for: anything in the catalog; 2 in all.", anything, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing was found", anything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shopper_photo_is_attached_first()
    {
        var chat = new ScriptedChatClient().Reply(Answer);
        var photo = File.ReadAllBytes(DemoCatalogHits.ImagePath("10081"));

        await Create(chat).AdviseAsync(Request(["pants"], "10139") with { Photo = ImageInput.FromBytes(photo, "my-shirt.jpg") });

        var user = chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User);
        var images = user.Contents.OfType<DataContent>().ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal(photo, images[0].Data.ToArray());
        var captionBeforePhoto = user.Contents[user.Contents.IndexOf(images[0]) - 1];
        Assert.Equal("The shopper's photo:", Assert.IsType<TextContent>(captionBeforePhoto).Text);
    }

    [Fact]
    public async Task Images_that_do_not_fit_the_byte_budget_are_skipped_and_smaller_ones_still_go()
    {
        var small = WriteJpeg("small.jpg", 1_000);
        var big = WriteJpeg("big.jpg", 5_000);
        var medium = WriteJpeg("medium.jpg", 2_000);
        var chat = new ScriptedChatClient().Reply(Answer);
        var items = new[] { Hit("a", small), Hit("b", big), Hit("c", medium) };

        await Create(chat, new StylistOptions { MaxImageBytesTotal = 3_500 }).AdviseAsync(new StylistRequest("shirts", ["shirt"], 3, items));

        var images = chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<DataContent>().ToList();
        Assert.Equal([1_000, 2_000], images.Select(i => i.Data.Length));
        Assert.True(images.Sum(i => i.Data.Length) <= 3_500);
    }

    [Fact]
    public async Task No_more_than_MaxImages_are_attached()
    {
        var chat = new ScriptedChatClient().Reply(Answer);

        await Create(chat, new StylistOptions { MaxImages = 2 }).AdviseAsync(Request(["shirt"], "10079", "10080", "10081", "10082"));

        var user = chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User);
        Assert.Equal(2, user.Contents.OfType<DataContent>().Count());

        // The text still lists every product, so the model knows what it cannot see.
        Assert.Contains("4. Red Striped Shirt", user.Contents.OfType<TextContent>().First().Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_thumbnailer_shrinks_every_image()
    {
        var thumbnailer = new RecordingThumbnailer();
        var chat = new ScriptedChatClient().Reply(Answer);

        await Create(chat, new StylistOptions { ImageMaxSide = 96 }, thumbnailer).AdviseAsync(Request(["shirt"], "10079", "10080"));

        Assert.Equal([96, 96], thumbnailer.MaxSides);
        Assert.Equal(File.ReadAllBytes(DemoCatalogHits.ImagePath("10079")), thumbnailer.Inputs[0]);
        var images = chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<DataContent>().ToList();
        Assert.All(images, image => Assert.Equal(RecordingThumbnailer.Thumbnail, image.Data.ToArray()));
    }

    [Fact]
    public async Task Missing_unreadable_non_image_and_remote_images_are_skipped()
    {
        var text = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(text, "not an image");
        var items = new[]
        {
            Hit("missing", Path.Combine(_folder, "missing.jpg")),
            Hit("text", text),
            Hit("remote", "https://example.com/shirt.jpg"),
            Hit("none", null),
            DemoCatalogHits.Get("10079"),
        };
        var chat = new ScriptedChatClient().Reply(Answer);

        var advice = await Create(chat).AdviseAsync(new StylistRequest("shirts", ["shirt"], 5, items));

        var images = chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<DataContent>().ToList();
        Assert.Equal(File.ReadAllBytes(DemoCatalogHits.ImagePath("10079")), Assert.Single(images).Data.ToArray());
        Assert.Equal(ResultSource.Llm, advice.Source);
    }

    [Fact]
    public async Task Relative_image_locations_are_read_from_the_configured_folder()
    {
        WriteJpeg("relative.jpg", 1_234);
        var chat = new ScriptedChatClient().Reply(Answer);

        await Create(chat, new StylistOptions { ImageBaseDirectory = _folder }).AdviseAsync(new StylistRequest("shirts", ["shirt"], 1, [Hit("r", "relative.jpg")]));

        var image = Assert.Single(chat.Calls[0].Messages.Single(m => m.Role == ChatRole.User).Contents.OfType<DataContent>());
        Assert.Equal(1_234, image.Data.Length);
    }

    public static TheoryData<string, string> UnusableReplies => new()
    {
        { "Sure! Here is my advice.", "no JSON object" },
        { """{"answer": "unterminated}""", "malformed JSON" },
        { """{"advice": "wrong field"}""", "no non-empty \"answer\" string" },
        { """{"answer": "   "}""", "no non-empty \"answer\" string" },
        { """{"answer": 42}""", "no non-empty \"answer\" string" },
    };

    [Theory]
    [MemberData(nameof(UnusableReplies))]
    public async Task An_unusable_reply_falls_back_to_the_template_and_says_why(string reply, string reason)
    {
        var chat = new ScriptedChatClient().Reply(reply);

        var advice = await Create(chat).AdviseAsync(Request(["pants"], "10139"));

        Assert.Equal(ResultSource.Offline, advice.Source);
        Assert.Equal("Here is what I found for you. For pants: Red Pants.", advice.Text);
        Assert.Contains(reason, advice.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exception_or_a_timeout_falls_back_to_the_template()
    {
        var failing = new ScriptedChatClient().Throw(new InvalidOperationException("model overloaded"));
        var hanging = new ScriptedChatClient().Hang();

        var failed = await Create(failing).AdviseAsync(Request(["pants"], "10139"));
        var timedOut = await Create(hanging, new StylistOptions { LlmTimeout = TimeSpan.FromMilliseconds(50) }).AdviseAsync(Request(["pants"], "10139"));

        Assert.Equal(ResultSource.Offline, failed.Source);
        Assert.Contains("model overloaded", failed.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(ResultSource.Offline, timedOut.Source);
        Assert.Contains("timed out", timedOut.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_answer_is_cut_at_a_word_within_MaxAnswerLength()
    {
        var chat = new ScriptedChatClient().Reply("""{"answer": "These red pants are a great choice for you"}""");

        var advice = await Create(chat, new StylistOptions { MaxAnswerLength = 20 }).AdviseAsync(Request(["pants"], "10139"));

        Assert.Equal("These red pants are\u2026", advice.Text);
        Assert.True(advice.Text.Length <= 20);
    }

    private static StylistRequest Request(IReadOnlyList<string> categories, params string[] ids) =>
        new("find me something", categories, ids.Length, [.. ids.Select(id => DemoCatalogHits.Get(id))]);

    private static CatalogHit Hit(string id, string? image) => new(id, "shirt", "Shirt " + id, image, new Dictionary<string, string>(), 0.1f);

    private static ChatStylistAssistant Create(IChatClient chat, StylistOptions? options = null, IImageThumbnailer? thumbnailer = null) =>
        new(chat, Options.Create(options ?? new StylistOptions()), thumbnailer);

    // A file that starts like a JPEG is all the collector checks without a thumbnailer; the size is what matters here.
    private string WriteJpeg(string name, int size)
    {
        var bytes = new byte[size];
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private sealed class RecordingThumbnailer : IImageThumbnailer
    {
        public static readonly byte[] Thumbnail = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];

        public List<int> MaxSides { get; } = [];

        public List<byte[]> Inputs { get; } = [];

        public Task<ReadOnlyMemory<byte>> CreateJpegThumbnailAsync(ReadOnlyMemory<byte> image, int maxSide, CancellationToken cancellationToken = default)
        {
            MaxSides.Add(maxSide);
            Inputs.Add(image.ToArray());
            return Task.FromResult<ReadOnlyMemory<byte>>(Thumbnail);
        }
    }
}
