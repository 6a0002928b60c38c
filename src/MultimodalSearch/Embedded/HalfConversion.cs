using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MultimodalSearch.Embedded;

/// <summary>
/// Exact float16 to float32 conversion of finite values (the only ones a float16 store keeps) in SIMD registers:
/// the exponent and mantissa bits shifted into place read as a float 2^112 too small (subnormals included), so one
/// multiply by 2^112, exact because it only moves the exponent, fixes them; the sign is copied. The text scan converts
/// in registers as it reads; the photo scan converts one item at a time into a buffer.
/// </summary>
internal static class HalfConversion
{
    private static readonly float ExponentBias = BitConverter.Int32BitsToSingle((127 + 112) << 23);

    /// <summary>Converts <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    /// <param name="source">Finite float16 values.</param>
    /// <param name="destination">At least as long as <paramref name="source"/>.</param>
    public static void ToSingle(ReadOnlySpan<Half> source, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, source.Length);
        ref var s = ref Unsafe.As<Half, ushort>(ref MemoryMarshal.GetReference(source));
        ref var d = ref MemoryMarshal.GetReference(destination);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 32 <= source.Length; i += 32)
            {
                var halves = Vector512.LoadUnsafe(ref s, (nuint)i);
                ToSingle(Vector512.WidenLower(halves)).StoreUnsafe(ref d, (nuint)i);
                ToSingle(Vector512.WidenUpper(halves)).StoreUnsafe(ref d, (nuint)(i + 16));
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 16 <= source.Length; i += 16)
            {
                var halves = Vector256.LoadUnsafe(ref s, (nuint)i);
                ToSingle(Vector256.WidenLower(halves)).StoreUnsafe(ref d, (nuint)i);
                ToSingle(Vector256.WidenUpper(halves)).StoreUnsafe(ref d, (nuint)(i + 8));
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref d, i) = (float)source[i];
        }
    }

    /// <summary>Converts eight finite float16 bit patterns, one per lane.</summary>
    /// <param name="bits">The bit patterns, zero-extended.</param>
    /// <returns>The values.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingle(Vector256<uint> bits)
    {
        var magnitude = Vector256.ShiftLeft(bits & Vector256.Create(0x7FFFu), 13).AsSingle() * Vector256.Create(ExponentBias);
        return (magnitude.AsUInt32() | Vector256.ShiftLeft(bits & Vector256.Create(0x8000u), 16)).AsSingle();
    }

    /// <summary>Converts sixteen finite float16 bit patterns, one per lane.</summary>
    /// <param name="bits">The bit patterns, zero-extended.</param>
    /// <returns>The values.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ToSingle(Vector512<uint> bits)
    {
        var magnitude = Vector512.ShiftLeft(bits & Vector512.Create(0x7FFFu), 13).AsSingle() * Vector512.Create(ExponentBias);
        return (magnitude.AsUInt32() | Vector512.ShiftLeft(bits & Vector512.Create(0x8000u), 16)).AsSingle();
    }
}
