using Crashdive.Dumps;

namespace Crashdive.Memory;

/// <summary>
/// A virtual address space: translation through an <see cref="ITranslator"/>, then physical reads,
/// with a small direct-mapped translation cache (no allocation per read).
/// </summary>
public sealed class VirtualAddressSpace : IAddressSpace
{
    private const int TlbSlots = 1024;
    private const ulong Page = 0x1000;

    private readonly IAddressSpace _physical;
    private readonly ITranslator _translator;
    private readonly ulong[] _tlbVirt = new ulong[TlbSlots];
    private readonly ulong[] _tlbPhys = new ulong[TlbSlots];
    private readonly Lock _lock = new();

    /// <summary>Reads virtual addresses of <paramref name="translator"/> from <paramref name="physical"/>.</summary>
    public VirtualAddressSpace(IAddressSpace physical, ITranslator translator)
    {
        _physical = physical;
        _translator = translator;
        Array.Fill(_tlbVirt, ulong.MaxValue);
    }

    /// <summary>The translator (page-table root) behind this space.</summary>
    public ITranslator Translator => _translator;

    /// <inheritdoc/>
    public int Read(ulong address, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            ulong v = address + (ulong)done;
            if (v < address)
                break;
            if (!TryPage(v & ~(Page - 1), out ulong physPage))
                break;
            int inPage = (int)(v & (Page - 1));
            int n = (int)Math.Min((ulong)(buffer.Length - done), Page - (ulong)inPage);
            int got = _physical.Read(physPage + (ulong)inPage, buffer.Slice(done, n));
            done += got;
            if (got != n)
                break;
        }
        return done;
    }

    /// <inheritdoc/>
    public MemoryFaultException? Explain(ulong address)
    {
        if (!_translator.TryTranslate(address, out ulong phys, out _, out var fault))
            return fault ?? new MemoryFaultException(address, MemoryFaultKind.NotMapped, "", isPhysical: false);
        var pf = _physical.Explain(phys);
        return pf == null ? null : new MemoryFaultException(address, pf.Kind, $"physical {phys:x}: {pf.Detail}".TrimEnd(' ', ':'), isPhysical: false);
    }

    private bool TryPage(ulong virtPage, out ulong physPage)
    {
        int slot = (int)((virtPage >> 12) % TlbSlots);
        lock (_lock)
        {
            if (_tlbVirt[slot] == virtPage)
            {
                physPage = _tlbPhys[slot];
                return true;
            }
        }
        if (!_translator.TryTranslate(virtPage, out physPage, out _, out _))
            return false;
        physPage &= ~(Page - 1);
        lock (_lock)
        {
            _tlbVirt[slot] = virtPage;
            _tlbPhys[slot] = physPage;
        }
        return true;
    }
}
