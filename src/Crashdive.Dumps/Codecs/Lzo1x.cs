namespace Crashdive.Dumps.Codecs;

/// <summary>
/// LZO1X decompressor (the format liblzo2's <c>lzo1x_1_compress</c> writes, as makedumpfile -l does),
/// with every read and write checked: damaged input gives an error text, never an exception or a write
/// outside <c>dst</c>. Format facts from the LZO documentation and the Linux kernel's
/// lib/lzo/lzo1x_decompress_safe.c; the kernel's run-length extension (bitstream version 1) is not
/// produced by liblzo2 and is not accepted.
/// </summary>
internal static class Lzo1x
{
    private const int M2MaxOffset = 0x0800;

    /// <summary>
    /// Decompresses <paramref name="src"/> into <paramref name="dst"/>. Returns null on success with
    /// <paramref name="written"/> bytes produced, or what is wrong with the input.
    /// </summary>
    public static string? Decompress(ReadOnlySpan<byte> src, Span<byte> dst, out int written)
    {
        written = 0;
        int ip = 0, op = 0;
        int state; // literals copied after the last instruction: 0-3, or 4 after a literal run
        if (src.Length < 3)
            return $"input of {src.Length} bytes is too short";

        if (src[0] > 17)
        {
            int t = src[0] - 17;
            ip = 1;
            if (t > src.Length - ip)
                return InputOverrun(ip, out written, op);
            if (t > dst.Length)
                return OutputOverrun(ip, out written, op);
            src.Slice(ip, t).CopyTo(dst);
            ip += t;
            op = t;
            state = t < 4 ? t : 4;
        }
        else
        {
            state = 0;
        }

        while (true)
        {
            if (ip >= src.Length)
                return $"input ends at byte {ip} without an end-of-stream marker";
            int t = src[ip++];
            int len, dist, next;
            if (t < 16)
            {
                if (state == 0)
                {
                    // literal run of 3 or more bytes
                    if (t == 0 && !TryExtendedLength(src, ref ip, 15, dst.Length, out t))
                        return $"bad literal length at input byte {ip}";
                    len = t + 3;
                    if (len > src.Length - ip)
                        return InputOverrun(ip, out written, op);
                    if (len > dst.Length - op)
                        return OutputOverrun(ip, out written, op);
                    src.Slice(ip, len).CopyTo(dst[op..]);
                    ip += len;
                    op += len;
                    state = 4;
                    continue;
                }
                if (ip >= src.Length)
                    return InputOverrun(ip, out written, op);
                if (state < 4)
                {
                    // 2-byte match close behind
                    dist = 1 + (t >> 2) + (src[ip++] << 2);
                    len = 2;
                }
                else
                {
                    // 3-byte match just past the M2 range, right after a literal run
                    dist = 1 + M2MaxOffset + (t >> 2) + (src[ip++] << 2);
                    len = 3;
                }
                next = t & 3;
            }
            else if (t >= 64)
            {
                if (ip >= src.Length)
                    return InputOverrun(ip, out written, op);
                dist = 1 + ((t >> 2) & 7) + (src[ip++] << 3);
                len = (t >> 5) + 1;
                next = t & 3;
            }
            else if (t >= 32)
            {
                len = t & 31;
                if (len == 0 && !TryExtendedLength(src, ref ip, 31, dst.Length, out len))
                    return $"bad match length at input byte {ip}";
                len += 2;
                if (src.Length - ip < 2)
                    return InputOverrun(ip, out written, op);
                int v = src[ip] | (src[ip + 1] << 8);
                ip += 2;
                dist = 1 + (v >> 2);
                next = v & 3;
            }
            else
            {
                len = t & 7;
                if (len == 0 && !TryExtendedLength(src, ref ip, 7, dst.Length, out len))
                    return $"bad match length at input byte {ip}";
                len += 2;
                if (src.Length - ip < 2)
                    return InputOverrun(ip, out written, op);
                int v = src[ip] | (src[ip + 1] << 8);
                ip += 2;
                dist = ((t & 8) << 11) + (v >> 2);
                if (dist == 0)
                {
                    // End of stream. liblzo2 accepts any length here (the kernel's decoder wants 3,
                    // which is what compressors write); follow liblzo2, which makedumpfile and crash use.
                    written = op;
                    if (ip != src.Length)
                        return $"{src.Length - ip} bytes of input after the end-of-stream marker";
                    return null;
                }
                dist += 0x4000;
                next = v & 3;
            }

            if (dist > op)
            {
                written = op;
                return $"lookbehind overrun at input byte {ip}: distance {dist} before output byte {op}";
            }
            if (len > dst.Length - op)
                return OutputOverrun(ip, out written, op);
            if (dist >= len)
            {
                dst.Slice(op - dist, len).CopyTo(dst[op..]);
                op += len;
            }
            else
            {
                // overlapping copy repeats the last dist bytes: byte by byte on purpose
                for (int i = 0; i < len; i++, op++)
                    dst[op] = dst[op - dist];
            }

            if (next > 0)
            {
                if (next > src.Length - ip)
                    return InputOverrun(ip, out written, op);
                if (next > dst.Length - op)
                    return OutputOverrun(ip, out written, op);
                src.Slice(ip, next).CopyTo(dst[op..]);
                ip += next;
                op += next;
            }
            state = next;
        }
    }

    // A length field of 0 continues in the following bytes: each zero byte adds 255, the first non-zero
    // byte ends it. A length that cannot fit the output is refused before it can overflow anything.
    private static bool TryExtendedLength(ReadOnlySpan<byte> src, ref int ip, int baseLength, int outputSize, out int length)
    {
        length = 0;
        int zeros = 0;
        while (ip < src.Length && src[ip] == 0)
        {
            ip++;
            if (++zeros > outputSize / 255 + 1)
                return false;
        }
        if (ip >= src.Length)
            return false;
        length = baseLength + 255 * zeros + src[ip++];
        return true;
    }

    private static string InputOverrun(int ip, out int written, int op)
    {
        written = op;
        return $"input overrun at byte {ip}";
    }

    private static string OutputOverrun(int ip, out int written, int op)
    {
        written = op;
        return $"output overrun at input byte {ip} (output full at {op} bytes)";
    }
}
