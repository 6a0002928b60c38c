using System.Buffers;
using System.Runtime.InteropServices;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// A scratch byte buffer: pooled when small enough to be worth keeping, native memory when large. A pool that
/// kept a 200 MB decode buffer would hold it for the process's life, and a managed array of that size stays on
/// the large object heap until a full collection: 16 near-limit images in one run reached 1.5 GB that way.
/// Native memory goes back to the system the moment the decode ends, so the decode budget bounds it.
/// </summary>
/// <remarks>Dispose it exactly once (copies share the memory).</remarks>
internal readonly unsafe struct PixelBuffer : IDisposable
{
    private const int MaxPooledBytes = 16 * 1024 * 1024;
    private readonly byte[]? _array;
    private readonly byte* _native;

    private PixelBuffer(byte[]? array, byte* native, int length)
    {
        _array = array;
        _native = native;
        Length = length;
    }

    /// <summary>Gets the usable length.</summary>
    public int Length { get; }

    /// <summary>Gets the usable bytes (not cleared).</summary>
    public Span<byte> Span => _array is not null ? _array.AsSpan(0, Length) : new Span<byte>(_native, Length);

    /// <summary>Gets a buffer of at least <paramref name="length"/> bytes.</summary>
    /// <param name="length">The bytes needed.</param>
    /// <returns>The buffer; dispose it to return it.</returns>
    /// <exception cref="OutOfMemoryException">The system has not that much memory to give.</exception>
    public static PixelBuffer Rent(int length) => length <= MaxPooledBytes
        ? new PixelBuffer(ArrayPool<byte>.Shared.Rent(length), null, length)
        : new PixelBuffer(null, (byte*)NativeMemory.Alloc((nuint)length), length);

    /// <summary>Returns the buffer to the pool, or its memory to the system.</summary>
    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
        else if (_native is not null)
        {
            NativeMemory.Free(_native);
        }
    }
}
