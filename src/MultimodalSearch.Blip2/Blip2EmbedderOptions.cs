namespace MultimodalSearch.Blip2;

/// <summary>
/// Options of the BLIP-2 ONNX embedder, bound from the <c>MultimodalSearch:Blip2</c> configuration section.
/// </summary>
public sealed class Blip2EmbedderOptions
{
    /// <summary>The configuration section name under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Blip2";

    /// <summary>
    /// Gets or sets the model directory: <c>vision.onnx</c>, <c>text.onnx</c>, <c>vocab.txt</c>,
    /// <c>preprocessor_config.json</c> and optionally <c>hf/config.json</c> (for the maximum text length).
    /// </summary>
    public string ModelDirectory { get; set; } = "";

    /// <summary>Gets or sets the most images or texts run through the model in one call; larger batches are split (default 32).</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Gets or sets the ONNX Runtime intra-op thread count; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Gets or sets how many model calls may run at once (default 0: the processor count). Model calls run on
    /// this many threads of the embedder's own, never on the thread pool's, and callers beyond them wait
    /// asynchronously in arrival order: under load, latency grows by queueing while the application's I/O keeps
    /// its threads. Each call uses up to <see cref="IntraOpThreads"/> threads of ONNX Runtime besides.
    /// </summary>
    public int MaxConcurrentInferences { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether ONNX Runtime's worker threads spin while waiting for work
    /// (default false). Spinning lowers the latency of back-to-back calls on a machine with idle cores; on
    /// a small machine that also decodes images and writes to a store it costs throughput: indexing the
    /// demo catalog on 2 cores took 10.9 s with spinning and 6.5 s without (one image at a time).
    /// </summary>
    public bool AllowThreadSpinning { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether to run on the CUDA execution provider. It needs the
    /// <c>Microsoft.ML.OnnxRuntime.Gpu</c> package and a CUDA device; when either is missing the
    /// embedder logs a warning and runs on the CPU.
    /// </summary>
    public bool UseCuda { get; set; }

    /// <summary>Gets or sets the CUDA device id used when <see cref="UseCuda"/> is set.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>
    /// Gets or sets the maximum text length in tokens ([CLS] and [SEP] included). 0 (the default) reads it
    /// from <c>hf/config.json</c> (<c>qformer_config.max_position_embeddings</c>), or uses 512 when that file is absent.
    /// </summary>
    public int MaxTextTokens { get; set; }

    /// <summary>Gets or sets the image decoding options (pixel limit, EXIF orientation).</summary>
    public ImagePreprocessorOptions Image { get; set; } = new();
}
