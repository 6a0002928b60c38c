using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Blip2.Onnx;
using MultimodalSearch.Blip2.Text;

namespace MultimodalSearch.Blip2;

/// <summary>
/// BLIP-2 image and text embeddings through ONNX Runtime, for a model directory exported to the project's
/// contract (see docs/models.md): images are decoded and resized exactly as the reference (Pillow decoding, bicubic resize with torchvision's rounding),
/// texts are tokenized as bert-base-uncased, and both graphs run batched in shared sessions.
/// </summary>
/// <remarks>
/// Thread-safe: create one instance per model and share it. Model calls run on the embedder's own threads, at most
/// <see cref="Blip2EmbedderOptions.MaxConcurrentInferences"/> at once, and callers wait for them asynchronously; run
/// calls concurrently to use more cores than <see cref="Blip2EmbedderOptions.IntraOpThreads"/> gives one call. Image
/// decodes share one memory budget (<see cref="ImagePreprocessorOptions.DecodeBudgetPixels"/>) and wait for it
/// asynchronously. Dispose the embedder only when no call is running.
/// </remarks>
public sealed class Blip2Embedder : IMultimodalEmbedder, IDisposable
{
    private const string PixelValues = "pixel_values";
    private const string ImageEmbeds = "image_embeds";
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TextEmbeds = "text_embeds";

    private readonly OnnxGraph _vision;
    private readonly OnnxGraph _text;
    private readonly Blip2Tokenizer _tokenizer;
    private readonly ImagePreprocessor _preprocessor;
    private readonly PreprocessorConfig _imageConfig;
    private readonly int _maxBatchSize;
    private readonly InferenceGate _gate;
    private readonly DecodeBudget _decodeBudget;
    private readonly ILogger _logger;

    private Blip2Embedder(Blip2ModelFiles files, Blip2EmbedderOptions options, DecodeBudget decodeBudget, ILogger logger)
    {
        _logger = logger;
        _maxBatchSize = options.MaxBatchSize;
        _imageConfig = PreprocessorConfig.Load(files.PreprocessorConfig);
        _preprocessor = new ImagePreprocessor(_imageConfig, options.Image);
        _tokenizer = Blip2Tokenizer.Load(files.Vocabulary, files.MaxTextTokens);

        using var sessionOptions = OnnxSessionFactory.Create(options, logger, out var provider);
        ExecutionProvider = provider;
        _vision = new OnnxGraph("image", files.VisionModel, sessionOptions, [PixelValues], ImageEmbeds);
        try
        {
            _text = new OnnxGraph("text", files.TextModel, sessionOptions, [InputIds, AttentionMask], TextEmbeds);
        }
        catch
        {
            _vision.Dispose();
            throw;
        }

        _gate = new InferenceGate(options.MaxConcurrentInferences > 0 ? options.MaxConcurrentInferences : Environment.ProcessorCount, "BLIP-2 inference");
        _decodeBudget = decodeBudget;
        var (queries, dimensions) = CheckContract(files);
        Model = new EmbeddingModelInfo(files.Directory, dimensions, queries, files.MaxTextTokens);
        Blip2Log.ModelLoaded(
            _logger, files.Directory, provider, options.IntraOpThreads > 0 ? options.IntraOpThreads.ToString(CultureInfo.InvariantCulture) : "default", queries, dimensions, files.MaxTextTokens);
    }

    /// <inheritdoc />
    public EmbeddingModelInfo Model { get; }

    /// <summary>Gets the execution provider in use: <c>CPU</c> or <c>CUDA:n</c>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Loads the model directory named by <paramref name="options"/>.</summary>
    /// <param name="options">The options; <see cref="Blip2EmbedderOptions.ModelDirectory"/> is required.</param>
    /// <param name="logger">A logger, or null for none.</param>
    /// <returns>The embedder.</returns>
    /// <exception cref="EmbeddingModelException">A model file is missing, unreadable or does not match the contract.</exception>
    public static Blip2Embedder Load(Blip2EmbedderOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Load(options, DecodeBudget.For(options.Image), logger);
    }

    /// <summary>Loads the model directory named by <paramref name="options"/>, its decodes sharing <paramref name="decodeBudget"/> with other users (the thumbnailer).</summary>
    /// <param name="options">The options; <see cref="Blip2EmbedderOptions.ModelDirectory"/> is required.</param>
    /// <param name="decodeBudget">The decode budget to share.</param>
    /// <param name="logger">A logger, or null for none.</param>
    /// <returns>The embedder.</returns>
    /// <exception cref="EmbeddingModelException">A model file is missing, unreadable or does not match the contract.</exception>
    internal static Blip2Embedder Load(Blip2EmbedderOptions options, DecodeBudget decodeBudget, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(decodeBudget);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxBatchSize);
        var files = Blip2ModelFiles.Resolve(options.ModelDirectory, options.MaxTextTokens);
        return new Blip2Embedder(files, options, decodeBudget, logger ?? NullLogger.Instance);
    }

    /// <summary>Gets the token ids the model sees for <paramref name="text"/> ([CLS] ... [SEP], truncated).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token ids.</returns>
    public IReadOnlyList<int> Tokenize(string text) => _tokenizer.Encode(text);

    /// <inheritdoc />
    public Task<IReadOnlyList<TextEmbedding>> EmbedTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var ids = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            ids[i] = _tokenizer.Encode(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts)));
        }

        return _gate.RunAsync<IReadOnlyList<TextEmbedding>>(() => EmbedTokens(ids, cancellationToken), cancellationToken);
    }

    /// <summary>Gets the most model calls that have run at once so far (for tests of the inference gate).</summary>
    internal int PeakConcurrentInferences => _gate.PeakConcurrent;

    /// <summary>Gets the most decoded pixels held at once so far (for tests of the decode budget).</summary>
    internal long PeakDecodePixels => _decodeBudget.PeakInUse;

    /// <summary>Gets the decode budget the embedder's decodes share (for tests of the sharing).</summary>
    internal DecodeBudget DecodeBudget => _decodeBudget;

    /// <inheritdoc />
    public async Task<PreparedImage> PrepareImageAsync(ImageInput image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var bytes = await image.ReadAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var pixels = _preprocessor.DecodePixels(bytes.Span, image.Name);
        using var share = await _decodeBudget.AcquireAsync(pixels, image.Name, cancellationToken).ConfigureAwait(false);
        return new PreparedImage(image.Name, _preprocessor.Preprocess(bytes.Span, image.Name));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ImageEmbedding>> EmbedPreparedImagesAsync(IReadOnlyList<PreparedImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var pixelsPerImage = 3 * _imageConfig.Height * _imageConfig.Width;
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i] is null || images[i].Pixels.Length != pixelsPerImage)
            {
                throw new ArgumentException(
                    $"Prepared image {i} ({images[i]?.Name ?? "null"}) has {images[i]?.Pixels.Length ?? 0} values; this model takes 3 x {_imageConfig.Height} x {_imageConfig.Width} = {pixelsPerImage}.",
                    nameof(images));
            }
        }

        return _gate.RunAsync<IReadOnlyList<ImageEmbedding>>(() => EmbedImages(images, pixelsPerImage, cancellationToken), cancellationToken);
    }

    private ImageEmbedding[] EmbedImages(IReadOnlyList<PreparedImage> images, int pixelsPerImage, CancellationToken cancellationToken)
    {
        using var activity = Blip2Metrics.Source.StartActivity("blip2.embed_images");
        activity?.SetTag("multimodal_search.model.batch_size", images.Count);
        var results = new ImageEmbedding[images.Count];
        for (var start = 0; start < images.Count; start += _maxBatchSize)
        {
            var count = Math.Min(_maxBatchSize, images.Count - start);
            var buffer = OnnxGraph.Rent<float>(count * pixelsPerImage);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    images[start + i].Pixels.Span.CopyTo(buffer.AsSpan(i * pixelsPerImage, pixelsPerImage));
                }

                EmbedPixels(buffer.AsMemory(0, count * pixelsPerImage), count, results.AsSpan(start, count), cancellationToken);
            }
            finally
            {
                OnnxGraph.Return(buffer);
            }
        }

        return results;
    }

    /// <summary>
    /// Runs the vision graph on already-preprocessed pixel values ([count, 3, H, W], CHW, normalised), for
    /// callers that have the model input already (parity checks, benchmarks).
    /// </summary>
    /// <param name="pixelValues">The pixel values of <paramref name="count"/> images.</param>
    /// <param name="count">The number of images.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One embedding per image.</returns>
    internal Task<IReadOnlyList<ImageEmbedding>> EmbedPixelValuesAsync(ReadOnlyMemory<float> pixelValues, int count, CancellationToken cancellationToken = default)
    {
        var prepared = new PreparedImage[count];
        var size = pixelValues.Length / Math.Max(count, 1);
        for (var i = 0; i < count; i++)
        {
            prepared[i] = new PreparedImage($"pixel_values[{i}]", pixelValues.Slice(i * size, size));
        }

        return EmbedPreparedImagesAsync(prepared, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Dispose();
        _vision.Dispose();
        _text.Dispose();
    }

    private void EmbedPixels(Memory<float> pixels, int count, Span<ImageEmbedding> destination, CancellationToken cancellationToken)
    {
        using var input = OnnxGraph.Tensor(pixels, [count, 3, _imageConfig.Height, _imageConfig.Width]);
        var embeddings = _vision.Run([input], (data, shape) =>
        {
            if (shape.Length != 3 || shape[0] != count)
            {
                throw new EmbeddingModelException($"'{_vision.Path}' returned {ImageEmbeds} of shape [{string.Join(",", shape)}]; expected [{count},queries,dims].");
            }

            var queries = (int)shape[1];
            var perImage = queries * (int)shape[2];
            var result = new ImageEmbedding[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = new ImageEmbedding(data.Slice(i * perImage, perImage).ToArray(), queries);
            }

            return result;
        }, cancellationToken);
        embeddings.CopyTo(destination);
    }

    private TextEmbedding[] EmbedTokens(int[][] ids, CancellationToken cancellationToken)
    {
        using var activity = Blip2Metrics.Source.StartActivity("blip2.embed_texts");
        activity?.SetTag("multimodal_search.model.batch_size", ids.Length);
        var results = new TextEmbedding[ids.Length];
        for (var start = 0; start < ids.Length; start += _maxBatchSize)
        {
            var count = Math.Min(_maxBatchSize, ids.Length - start);
            EmbedTokenBatch(ids[start..(start + count)], results.AsSpan(start, count), cancellationToken);
        }

        return results;
    }

    private void EmbedTokenBatch(int[][] ids, Span<TextEmbedding> destination, CancellationToken cancellationToken)
    {
        var count = ids.Length;
        var length = ids.Max(t => t.Length);
        var tokenBuffer = OnnxGraph.Rent<long>(count * length);
        var maskBuffer = OnnxGraph.Rent<long>(count * length);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var row = tokenBuffer.AsSpan(i * length, length);
                row.Fill(_tokenizer.PaddingId);
                for (var j = 0; j < ids[i].Length; j++)
                {
                    row[j] = ids[i][j];
                    maskBuffer[(i * length) + j] = 1;
                }
            }

            using var tokens = OnnxGraph.Tensor(tokenBuffer.AsMemory(0, count * length), [count, length]);
            using var mask = OnnxGraph.Tensor(maskBuffer.AsMemory(0, count * length), [count, length]);
            var embeddings = _text.Run([tokens, mask], (data, shape) =>
            {
                if (shape.Length != 3 || shape[0] != count || shape[1] != length)
                {
                    throw new EmbeddingModelException($"'{_text.Path}' returned {TextEmbeds} of shape [{string.Join(",", shape)}]; expected [{count},{length},dims].");
                }

                var dims = (int)shape[2];
                var result = new TextEmbedding[count];
                for (var i = 0; i < count; i++)
                {
                    // The text embedding is the projected [CLS] token, position 0 of each row.
                    result[i] = new TextEmbedding(data.Slice(i * length * dims, dims).ToArray());
                }

                return result;
            }, cancellationToken);
            embeddings.CopyTo(destination);
        }
        finally
        {
            OnnxGraph.Return(tokenBuffer);
            OnnxGraph.Return(maskBuffer);
        }
    }

    private (int Queries, int Dimensions) CheckContract(Blip2ModelFiles files)
    {
        var pixelShape = _vision.InputShape(PixelValues);
        if (pixelShape.Length != 4 || (pixelShape[1] > 0 && pixelShape[1] != 3) ||
            (pixelShape[2] > 0 && pixelShape[2] != _imageConfig.Height) || (pixelShape[3] > 0 && pixelShape[3] != _imageConfig.Width))
        {
            throw new EmbeddingModelException(
                $"'{files.VisionModel}' takes {PixelValues} of shape [{string.Join(",", pixelShape)}]; preprocessor_config.json resizes to {_imageConfig.Height}x{_imageConfig.Width}, so expected [batch,3,{_imageConfig.Height},{_imageConfig.Width}].");
        }

        var imageShape = _vision.OutputShape;
        var textShape = _text.OutputShape;
        if (imageShape.Length != 3 || textShape.Length != 3)
        {
            throw new EmbeddingModelException(
                $"Expected {ImageEmbeds} [batch,queries,dims] and {TextEmbeds} [batch,seq,dims]; got [{string.Join(",", imageShape)}] and [{string.Join(",", textShape)}].");
        }

        var queries = imageShape[1];
        var dimensions = imageShape[2];
        if (queries <= 0 || dimensions <= 0)
        {
            // Dynamic output axes: learn them from one run on a blank image.
            var blank = new float[3 * _imageConfig.Height * _imageConfig.Width];
            var probe = new ImageEmbedding[1];
            EmbedPixels(blank, 1, probe, CancellationToken.None);
            queries = probe[0].QueryCount;
            dimensions = probe[0].Dimensions;
        }

        if (textShape[2] > 0 && textShape[2] != dimensions)
        {
            throw new EmbeddingModelException(
                $"The image and text graphs disagree: {ImageEmbeds} has {dimensions} dimensions, {TextEmbeds} has {textShape[2]}.");
        }

        return (queries, dimensions);
    }
}
