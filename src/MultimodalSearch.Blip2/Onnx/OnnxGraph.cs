using System.Buffers;
using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace MultimodalSearch.Blip2.Onnx;

/// <summary>
/// One ONNX graph loaded once into an <see cref="InferenceSession"/>, with its input and output names checked
/// against the contract. <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, so one instance serves every caller.
/// </summary>
internal sealed class OnnxGraph : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string _modality;

    /// <summary>Loads the graph at <paramref name="path"/> and checks its input and output names.</summary>
    /// <param name="modality">What it embeds, <c>text</c> or <c>image</c>: the tag of its inference measurements.</param>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">The session options.</param>
    /// <param name="inputNames">The inputs it must have.</param>
    /// <param name="outputName">The output it must have.</param>
    public OnnxGraph(string modality, string path, SessionOptions options, string[] inputNames, string outputName)
    {
        try
        {
            _session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EmbeddingModelException($"Cannot load the ONNX model '{path}': {ex.Message}", ex);
        }

        try
        {
            foreach (var name in inputNames)
            {
                if (!_session.InputMetadata.ContainsKey(name))
                {
                    throw new EmbeddingModelException(
                        $"The ONNX model '{path}' has no input '{name}'. Expected inputs [{string.Join(", ", inputNames)}]; it has [{string.Join(", ", _session.InputMetadata.Keys)}].");
                }
            }

            if (!_session.OutputMetadata.ContainsKey(outputName))
            {
                throw new EmbeddingModelException(
                    $"The ONNX model '{path}' has no output '{outputName}'; it has [{string.Join(", ", _session.OutputMetadata.Keys)}].");
            }
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        Path = path;
        _modality = modality;
        _inputNames = inputNames;
        _outputNames = [outputName];
    }

    public string Path { get; }

    /// <summary>Gets the declared shape of an input (-1 for dynamic axes).</summary>
    public int[] InputShape(string name) => _session.InputMetadata[name].Dimensions;

    /// <summary>Gets the declared shape of the output (-1 for dynamic axes).</summary>
    public int[] OutputShape => _session.OutputMetadata[_outputNames[0]].Dimensions;

    /// <summary>
    /// Runs the graph on the given input tensors and hands the output to <paramref name="readOutput"/>
    /// before the native buffer is released.
    /// </summary>
    public TResult Run<TResult>(IReadOnlyList<OrtValue> inputs, Func<ReadOnlySpan<float>, long[], TResult> readOutput, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        try
        {
            using var outputs = Infer(runOptions, inputs);
            var output = outputs[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            return readOutput(output.GetTensorDataAsSpan<float>(), shape);
        }
        catch (OnnxRuntimeException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The ONNX run was cancelled.", ex, cancellationToken);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new EmbeddingModelException($"The ONNX model '{Path}' failed: {ex.Message}", ex);
        }
    }

    // The session's run alone is the inference time (multimodal_search.model.inference.duration).
    private IDisposableReadOnlyCollection<OrtValue> Infer(RunOptions runOptions, IReadOnlyList<OrtValue> inputs)
    {
        var batch = inputs[0].GetTensorTypeAndShape().Shape[0];
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outputs = _session.Run(runOptions, _inputNames, inputs, _outputNames);
            Blip2Metrics.RecordInference(_modality, batch, started, null);
            return outputs;
        }
        catch (Exception ex)
        {
            Blip2Metrics.RecordInference(_modality, batch, started, ex.GetType().FullName);
            throw;
        }
    }

    /// <summary>Wraps pooled managed memory as an ONNX tensor without copying.</summary>
    public static OrtValue Tensor<T>(Memory<T> data, long[] shape)
        where T : unmanaged
        => OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, data, shape);

    /// <summary>Rents a buffer of at least <paramref name="length"/> elements, cleared.</summary>
    public static T[] Rent<T>(int length)
    {
        var array = ArrayPool<T>.Shared.Rent(length);
        Array.Clear(array, 0, length);
        return array;
    }

    public static void Return<T>(T[] array) => ArrayPool<T>.Shared.Return(array);

    public void Dispose() => _session.Dispose();
}
