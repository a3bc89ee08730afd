using System.Runtime.InteropServices;

namespace Crashdive.Dumps.Codecs;

/// <summary>A ZSTD_DCtx, freed with ZSTD_freeDCtx even when its owner is never disposed.</summary>
internal sealed class ZstdContextHandle : SafeHandle
{
    public ZstdContextHandle() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    /// <summary>Creates a context; throws DllNotFoundException when libzstd.so.1 is missing.</summary>
    public static ZstdContextHandle Create()
    {
        var h = new ZstdContextHandle();
        h.SetHandle(ZstdNative.ZSTD_createDCtx());
        return h;
    }

    protected override bool ReleaseHandle()
    {
        ZstdNative.ZSTD_freeDCtx(handle);
        return true;
    }
}
