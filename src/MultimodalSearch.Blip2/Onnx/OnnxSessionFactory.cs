using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace MultimodalSearch.Blip2.Onnx;

/// <summary>Builds the ONNX Runtime session options from <see cref="Blip2EmbedderOptions"/>, CUDA first when asked, CPU otherwise.</summary>
internal static class OnnxSessionFactory
{
    public static SessionOptions Create(Blip2EmbedderOptions options, ILogger logger, out string executionProvider)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        // Spinning worker threads steal the cores that decoding and store writes need; on small machines
        // turning it off made both single-image and pipelined indexing faster (see docs/benchmarks.md).
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowThreadSpinning ? "1" : "0");

        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        executionProvider = "CPU";
        if (options.UseCuda)
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
                executionProvider = $"CUDA:{options.CudaDeviceId}";
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException or TypeInitializationException)
            {
                // The CPU-only ONNX Runtime package, or a machine without CUDA: keep working, slower.
                Blip2Log.CudaUnavailable(logger, ex, ex.Message);
            }
        }

        return sessionOptions;
    }
}
