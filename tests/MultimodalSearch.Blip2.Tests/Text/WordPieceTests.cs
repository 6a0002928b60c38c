using MultimodalSearch.Blip2.Text;

namespace MultimodalSearch.Blip2.Tests.Text;

public sealed class WordPieceTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"wordpiece-{Guid.NewGuid():N}.txt");

    public void Dispose() => File.Delete(_path);

    private WordPieceVocabulary Vocabulary(params string[] lines)
    {
        File.WriteAllLines(_path, lines);
        return WordPieceVocabulary.Load(_path);
    }

    private static int[] Encode(string word, WordPieceVocabulary vocabulary)
    {
        var pieces = new int[WordPiece.MaxCharactersPerWord];
        return pieces[..WordPiece.Encode(word, vocabulary, pieces)];
    }

    [Fact]
    public void The_longest_piece_is_taken_first_then_continuations()
    {
        // ids:               0      1     2       3       4
        var vocabulary = Vocabulary("[UNK]", "un", "unk", "##now", "##n");

        Assert.Equal([2, 4], Encode("unkn", vocabulary));
        Assert.Equal([2, 3], Encode("unknow", vocabulary));
    }

    [Fact]
    public void A_word_with_an_uncovered_rest_is_unknown_as_a_whole()
    {
        var vocabulary = Vocabulary("[UNK]", "un", "##k");

        Assert.Empty(Encode("unx", vocabulary));
        Assert.Empty(Encode("kun", vocabulary)); // "##k" continues a word but cannot start one
    }

    [Fact]
    public void A_continuation_is_never_used_at_the_start_nor_a_start_piece_later()
    {
        var vocabulary = Vocabulary("[UNK]", "a", "b", "##a");

        Assert.Equal([1, 3], Encode("aa", vocabulary));
        Assert.Empty(Encode("ab", vocabulary)); // "b" exists, "##b" does not
    }

    [Fact]
    public void Lines_are_read_as_the_tokenizers_crate_reads_them()
    {
        // Trailing whitespace is trimmed, and a later duplicate takes the id.
        var vocabulary = Vocabulary("[UNK]", "red  ", "blue", "red");

        Assert.Equal(3, vocabulary.TokenId("red"));
        Assert.Equal(2, vocabulary.TokenId("blue"));
        Assert.Equal(-1, vocabulary.TokenId("green"));
    }

    [Fact]
    public void Supplementary_characters_are_matched_whole()
    {
        var vocabulary = Vocabulary("[UNK]", "𝒜", "##𝒜");

        Assert.Equal([1, 2, 2], Encode("𝒜𝒜𝒜", vocabulary));
    }
}
