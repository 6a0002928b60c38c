using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests;

public sealed class Blip2ModelFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("blip2-model-").FullName;

    [Fact]
    public void A_missing_model_directory_is_reported_with_what_was_expected()
    {
        var ex = Assert.Throws<EmbeddingModelException>(() => Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = Path.Combine(_directory, "nope") }));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("vision.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vision.onnx")]
    [InlineData("text.onnx")]
    [InlineData("vocab.txt")]
    [InlineData("preprocessor_config.json")]
    public void A_missing_model_file_is_named(string missing)
    {
        CopyTinyModelWithout(missing);

        var ex = Assert.Throws<EmbeddingModelException>(() => Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = _directory }));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_graphs_are_reported_as_a_contract_mismatch()
    {
        CopyTinyModelWithout();
        File.Copy(Path.Combine(TestPaths.TinyModel, "text.onnx"), Path.Combine(_directory, "vision.onnx"), overwrite: true);

        var ex = Assert.Throws<EmbeddingModelException>(() => Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = _directory }));

        Assert.Contains("pixel_values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_graph_is_reported_with_its_path()
    {
        CopyTinyModelWithout();
        File.WriteAllText(Path.Combine(_directory, "text.onnx"), "not a model");

        var ex = Assert.Throws<EmbeddingModelException>(() => Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = _directory }));

        Assert.Contains("text.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_hf_config_the_text_limit_defaults_to_512_tokens()
    {
        CopyTinyModelWithout();
        Directory.Delete(Path.Combine(_directory, "hf"), recursive: true);

        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = _directory });

        Assert.Equal(512, embedder.Model.MaxTextTokens);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void CopyTinyModelWithout(string? missing = null)
    {
        foreach (var file in Directory.GetFiles(TestPaths.TinyModel, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(TestPaths.TinyModel, file);
            if (relative == missing)
            {
                continue;
            }

            var target = Path.Combine(_directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
