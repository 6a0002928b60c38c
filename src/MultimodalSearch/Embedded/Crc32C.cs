using System.Buffers.Binary;
using System.Numerics;

namespace MultimodalSearch.Embedded;

/// <summary>CRC-32C (Castagnoli) over bytes, using the CPU's CRC instruction where there is one.</summary>
internal static class Crc32C
{
    /// <summary>Computes the CRC of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <returns>The checksum.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(uint.MaxValue, data);

    /// <summary>Continues a running (not yet inverted) CRC over more bytes.</summary>
    /// <param name="crc">The running value; start with <see cref="uint.MaxValue"/>.</param>
    /// <param name="data">The bytes.</param>
    /// <returns>The new running value; invert it (<c>~</c>) for the checksum.</returns>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        // Four independent lanes would be faster, but one 8-byte lane already checks a few GB/s,
        // which is far above the disk rates this store sees.
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var value in data)
        {
            crc = BitOperations.Crc32C(crc, value);
        }

        return crc;
    }
}
