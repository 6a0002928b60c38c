using Microsoft.Extensions.Logging;

namespace MultimodalSearch.Blip2;

/// <summary>The BLIP-2 package's log events (ids 1600-1699, docs/telemetry.md).</summary>
internal static partial class Blip2Log
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "Loaded BLIP-2 model {Directory} on {Provider} ({Threads} threads per call): {Queries} query vectors x {Dimensions} dimensions, texts up to {MaxTokens} tokens.")]
    public static partial void ModelLoaded(ILogger logger, string directory, string provider, string threads, int queries, int dimensions, int maxTokens);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "The CUDA execution provider is not available ({Reason}); BLIP-2 runs on the CPU. Reference Microsoft.ML.OnnxRuntime.Gpu and install CUDA to use the GPU.")]
    public static partial void CudaUnavailable(ILogger logger, Exception exception, string reason);
}
