using System.IO.Compression;
using System.Text;
using Crashdive.Kernel;

namespace Crashdive.Helpers.Kconfig;

/// <summary>
/// The kernel's own configuration (CONFIG_IKCONFIG): the gzip'd .config between <c>kernel_config_data</c>
/// and <c>kernel_config_data_end</c> (kernel/configs.c), marked by "IKCFG_ST" before and "IKCFG_ED" after.
/// </summary>
public static class Ikconfig
{
    /// <summary>Largest compressed configuration read (crash gives up past 512 KB).</summary>
    public const int MaxCompressed = 1 << 20;

    /// <summary>Largest configuration text produced.</summary>
    public const int MaxText = 16 << 20;

    /// <summary>True when the kernel carries its configuration.</summary>
    public static bool Present(KernelProgram kernel) => kernel.SymbolAddress("kernel_config_data") is not null;

    /// <summary>The configuration text; throws <see cref="KernelObjectException"/> when absent or unreadable.</summary>
    public static string Text(KernelProgram kernel)
    {
        ulong start = kernel.SymbolAddress("kernel_config_data") ?? throw new KernelObjectException("kernel_config_data does not exist in this kernel");
        ulong end = kernel.SymbolAddress("kernel_config_data_end") ?? 0;
        int size;
        if (end > start && end - start <= MaxCompressed)
        {
            size = (int)(end - start);
        }
        else
        {
            // older kernels: the data runs to the "IKCFG_ED" marker
            var probe = new byte[MaxCompressed];
            int got = ReadUpTo(kernel, start, probe);
            int at = probe.AsSpan(0, got).IndexOf("IKCFG_ED"u8);
            if (at < 0)
                throw new KernelObjectException("could not find MAGIC_END!");
            size = at;
        }
        var data = new byte[size];
        kernel.Memory.Read(start, data);
        // kernels before 5.1 put the start marker inside kernel_config_data
        int skip = data.AsSpan().StartsWith("IKCFG_ST"u8) ? 8 : 0;
        return Decompress(data.AsSpan(skip).ToArray());
    }

    /// <summary>Decompresses a gzip'd configuration; throws <see cref="KernelObjectException"/> on a corrupt stream or one too large.</summary>
    public static string Decompress(byte[] gzip)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
            var output = new MemoryStream();
            var buffer = new byte[65536];
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxText)
                    throw new KernelObjectException($"kernel_config_data: more than {MaxText} bytes uncompressed");
                output.Write(buffer, 0, n);
            }
            return Encoding.Latin1.GetString(output.GetBuffer(), 0, (int)output.Length);
        }
        catch (InvalidDataException e)
        {
            throw new KernelObjectException($"kernel_config_data: cannot uncompress: {e.Message}");
        }
    }

    /// <summary>
    /// The lines crash's <c>sys config</c> prints: its <c>sscanf("%511[^\n]\n")</c> loop drops empty lines
    /// and the leading white space of each line, and cuts lines longer than 511 characters.
    /// </summary>
    public static IEnumerable<string> CrashLines(string text)
    {
        int pos = 0;
        while (true)
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
                pos++;
            if (pos >= text.Length)
                yield break;
            int nl = text.IndexOf('\n', pos);
            int stop = nl < 0 ? text.Length : nl;
            int len = Math.Min(stop - pos, 511);
            yield return text.Substring(pos, len);
            pos += len;
        }
    }

    private static int ReadUpTo(KernelProgram kernel, ulong address, byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int chunk = (int)Math.Min((ulong)(buffer.Length - done), 0x1000 - ((address + (ulong)done) & 0xfff));
            if (!kernel.Memory.TryRead(address + (ulong)done, buffer.AsSpan(done, chunk)))
                break;
            done += chunk;
        }
        return done;
    }
}
