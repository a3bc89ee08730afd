using Crashdive.Kernel;

namespace Crashdive.Helpers.Net;

/// <summary>Neighbour tables (<c>arp_tbl</c>, <c>nd_tbl</c>): the hash of <c>struct neighbour</c> chains.</summary>
public static class Neighbours
{
    /// <summary>Most buckets and entries per chain read.</summary>
    public const int MaxBuckets = 1 << 24, MaxChain = 100_000;

    /// <summary>
    /// Every entry of the table <paramref name="table"/> (<c>arp_tbl</c> or <c>nd_tbl</c>), bucket by
    /// bucket: <c>tbl-&gt;nht-&gt;hash_buckets[0 .. 1 &lt;&lt; hash_shift)</c>, each chain by <c>next</c>
    /// (2.6.37+ layout; <c>hash_mask</c> where a kernel has it instead of <c>hash_shift</c>).
    /// </summary>
    public static IEnumerable<Neighbour> Entries(KernelProgram kernel, string table = "arp_tbl")
    {
        KObject tbl = kernel.FindVariable(table) ?? throw new NetException($"{table} does not exist in this kernel");
        KObject nht = tbl.Member("nht");
        if (nht.ToUInt64() == 0)
            yield break;
        ulong buckets = nht.HasMember("hash_shift")
            ? 1UL << (int)Math.Min(nht.Member("hash_shift").ToUInt64(), 24)
            : nht.Member("hash_mask").ToUInt64() + 1;
        if (buckets > MaxBuckets)
            throw new NetException($"{table}: {buckets} hash buckets is beyond any real table");
        int keyLen = (int)Math.Min(tbl.Member("key_len").ToUInt64(), 32);
        ulong hash = nht.Member("hash_buckets").ToUInt64();
        var mem = kernel.Memory;
        var neighType = kernel.Type("struct neighbour");
        for (ulong i = 0; i < buckets; i++)
        {
            if (!mem.TryReadPointer(hash + i * 8, out ulong n))
            {
                yield return new Neighbour(hash + i * 8, [], [], default, 0, $"hash bucket {i} at 0x{hash + i * 8:x} unreadable");
                continue;
            }
            for (int count = 0; n != 0 && count < MaxChain; count++)
            {
                Neighbour entry;
                ulong next;
                try
                {
                    KObject neigh = KObject.Reference(kernel, neighType, n);
                    var key = new byte[keyLen];
                    mem.Read(neigh.Member("primary_key").Address, key);
                    byte[] ha = neigh.Member("ha").ReadBytes();
                    entry = new Neighbour(n, key, ha, neigh.Member("dev"), (byte)neigh.Member("nud_state").ToUInt64());
                    next = neigh.Member("next").ToUInt64();
                }
                catch (Dumps.MemoryFaultException e)
                {
                    entry = new Neighbour(n, [], [], default, 0, e.Message);
                    next = 0;
                }
                yield return entry;
                n = next;
            }
        }
    }
}
