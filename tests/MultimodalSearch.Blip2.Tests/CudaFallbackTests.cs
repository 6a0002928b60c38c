using Microsoft.Extensions.Logging;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests;

public sealed class CudaFallbackTests
{
    [Fact]
    public async Task Asking_for_cuda_without_the_gpu_runtime_logs_a_warning_and_embeds_on_the_cpu()
    {
        var logger = new RecordingLogger();

        using var embedder = Blip2Embedder.Load(new Blip2EmbedderOptions { ModelDirectory = TestPaths.TinyModel, UseCuda = true }, logger);
        var embedding = await embedder.EmbedTextAsync("a black t-shirt");

        Assert.Equal("CPU", embedder.ExecutionProvider);
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("CUDA", StringComparison.Ordinal));
        Assert.Equal(TinyReference.Instance.TextEmbedsCls[0][0], embedding.Vector.Span[0], 1e-4f);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
