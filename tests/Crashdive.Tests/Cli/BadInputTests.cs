using System.Buffers.Binary;
using Crashdive.Cli;

namespace Crashdive.Tests.Cli;

/// <summary>
/// Files that are not dumps, given to the program: one clear line naming the file and what is
/// wrong, exit code 1, never a stack trace.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFiles _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static byte[] ElfHeader(ushort type)
    {
        var b = new byte[64];
        "\x7f"u8.CopyTo(b);
        "ELF"u8.CopyTo(b.AsSpan(1));
        b[4] = 2; // ELFCLASS64
        b[5] = 1; // little endian
        b[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), type);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), 62); // EM_X86_64
        return b;
    }

    public static TheoryData<string, byte[]?, string> Cases => new()
    {
        { "empty", [], "empty file" },
        { "short", [1, 2, 3], "too short to be a dump (3 bytes)" },
        { "text", "root:x:0:0:root:/root:/bin/bash\n"u8.ToArray(), "offset 0x0: not a dump: unknown signature 726f6f743a783a30" },
        { "vmlinux", ElfHeader(2), "offset 0x10: an ELF executable (a vmlinux?), not a core dump" },
        { "module.ko", ElfHeader(1), "offset 0x10: an ELF relocatable object (a kernel module?), not a core dump" },
        { "old-diskdump", "DISKDUMP\0\0\0\0\0\0\0\0"u8.ToArray(), "offset 0x0: old diskdump format (DISKDUMP) is not supported" },
        { "directory", null, "is a directory, not a dump file" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DumpinfoRefusesWithOneLine(string name, byte[]? content, string expected)
    {
        string path = content == null ? _tmp.Dir : _tmp.Write(name, content);
        var r = CliRunner.Run("", "--dumpinfo", path);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal("", r.Out);
        string line = Assert.Single(r.Err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"crashdive: {path}: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        string path = Path.Combine(_tmp.Dir, "nope");
        var r = CliRunner.Run("", "--dumpinfo", path);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Equal($"crashdive: {path}: no such file\n", r.Err);
    }

    [Fact]
    public void OneFileIsAUsageError()
    {
        var r = CliRunner.Run("", _tmp.Write("x", [1]));
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("need a VMLINUX and a VMCORE", r.Err);
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var r = CliRunner.Run("", "--frobnicate", "-i");
        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.StartsWith("crashdive: ", r.Err);
    }

    [Fact]
    public void TwoDumpsAndNoKernelAreRefused()
    {
        string a = _tmp.Write("a", [1, 2, 3, 4]);
        string b = _tmp.Write("b", [5, 6, 7, 8]);
        var r = CliRunner.Run("", a, b);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("neither file is an ELF executable", r.Err);
    }

    [Fact]
    public void HelpAndVersionSucceed()
    {
        var h = CliRunner.Run("", "--help");
        Assert.Equal(ExitCodes.Ok, h.ExitCode);
        Assert.Contains("--dumpinfo", h.Out);
        Assert.Contains("VMLINUX", h.Out);
        var v = CliRunner.Run("", "--version");
        Assert.Equal(ExitCodes.Ok, v.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", v.Out);
    }
}
