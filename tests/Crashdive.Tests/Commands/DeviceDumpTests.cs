using System.Buffers.Binary;
using System.Text;
using Crashdive.Dumps;
using Crashdive.Kernel;
using Crashdive.Tests.Dumps;

namespace Crashdive.Tests.Commands;

/// <summary>
/// <c>dev -V</c> / <c>dev -v</c> on device dumps (vmcoredd notes). No fixture kernel has a driver that adds one, so
/// the notes are synthetic ELF notes laid out as include/uapi/linux/vmcore.h defines them; the fixtures' own "no device
/// dumps" replies are compared with crash in DevSysDifferentialTests.
/// </summary>
public sealed class DeviceDumpTests
{
    private static byte[] Desc(string name, byte[] data)
    {
        var desc = new byte[44 + data.Length];
        Encoding.ASCII.GetBytes(name).CopyTo(desc, 0);
        data.CopyTo(desc, 44);
        return desc;
    }

    [Fact]
    public void ListsAndExtractsEachDeviceDump()
    {
        var first = ElfCoreBuilder.Pattern(24, 7);
        var second = ElfCoreBuilder.Pattern(4096, 9);
        var image = new ElfCoreBuilder().Prstatus(1, 0).Note("LINUX", 0x700, Desc("cxgb4_0000:02:00.4", first))
            .Note("LINUX", 0x700, Desc("nic-fw", second)).Load(0, new byte[4096]).Build();
        using var k = new KernelProgram(DumpOpener.Open(image.Source()));
        string list = CommandRunner.RunOk(k, "dev -V");
        var lines = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("INDEX  OFFSET             SIZE             NAME", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("  0    0x", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" 24               cxgb4_0000:02:00.4", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(" 4096             nic-fw", lines[2], StringComparison.Ordinal);
        // the listed offset is where the device's bytes are in the file
        long offset = Convert.ToInt64(lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], 16);
        Assert.Equal(second, image.Bytes.AsSpan((int)offset, second.Length).ToArray());

        string file = Path.Combine(Path.GetTempPath(), $"crashdive-devdump-{Guid.NewGuid():n}.bin");
        try
        {
            Assert.Equal("DEVICE: nic-fw\n", CommandRunner.RunOk(k, $"dev -v 1 {file}"));
            Assert.Equal(second, File.ReadAllBytes(file));
        }
        finally
        {
            File.Delete(file);
        }
        // shown as 64-bit words: 24 bytes are three words on two lines
        string shown = CommandRunner.RunOk(k, "dev -v 0");
        var words = shown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("DEVICE: cxgb4_0000:02:00.4", words[0]);
        Assert.Equal(3, words.Length);
        Assert.EndsWith($" {BinaryPrimitives.ReadUInt64LittleEndian(first.AsSpan(16)):x16} ", words[2], StringComparison.Ordinal);
        Assert.Equal("dev: no device dump found at index: 2\n", CommandRunner.Run(k, "dev -v 2"));
    }
}
