using System.Buffers.Binary;
using Crashdive.Tests.Support;
using FsCheck.Fluent;

namespace Crashdive.Tests.Dumps;

/// <summary>
/// Random damage to the first part of real ELF dumps (ELF header, program headers, notes, the first
/// pages), checked by <see cref="DamageProperty"/>. The copy is cut at 1 MiB, so most PT_LOADs also
/// point past the end of the file, as in a truncated dump.
/// </summary>
public sealed class ElfPropertyTests
{
    private const int Runs = 120;

    [Theory]
    [InlineData("kdump/vmcore.elf")]
    [InlineData("qemu/vmcore.elf")]
    [InlineData("qemu/vmcore.paging-elf")]
    public async Task DamagedHeadersAreRefusedOrReadSafely(string fixture)
    {
        byte[] original;
        using (var f = File.OpenRead(Fixtures.Path(fixture)))
        {
            original = new byte[Math.Min(f.Length, 1 << 20)];
            f.ReadExactly(original);
        }
        ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(original.AsSpan(56));
        int phdrsEnd = 64 + 56 * phnum;
        var position = Gen.Frequency(
            (1, Gen.Choose(0, 63)),                                  // ELF header
            (3, Gen.Choose(64, Math.Min(phdrsEnd, original.Length) - 1)), // program headers
            (2, Gen.Choose(0, Math.Min(phdrsEnd + 8192, original.Length - 1))), // and the notes after them
            (1, Gen.Choose(0, original.Length - 1)));
        await DamageProperty.CheckAsync(original, position, Runs);
    }
}
