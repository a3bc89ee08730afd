using Crashdive.Kernel;

namespace Crashdive.Helpers.Devices;

/// <summary>One registered character device region (<c>struct char_device_struct</c>): its major, name, cdev and file operations.</summary>
/// <param name="Address">The <c>char_device_struct</c>.</param>
/// <param name="Major">Major number.</param>
/// <param name="BaseMinor">First minor of the region.</param>
/// <param name="Name">The name it was registered with.</param>
/// <param name="Cdev">Its <c>struct cdev *</c> (from the region, or from <c>cdev_map</c>), 0 when none.</param>
/// <param name="Fops">The cdev's <c>const struct file_operations *</c>, 0 when none.</param>
public readonly record struct CharDevice(ulong Address, int Major, int BaseMinor, string Name, ulong Cdev, ulong Fops);

/// <summary>
/// The character device table <c>chrdevs[CHRDEV_MAJOR_HASH_SIZE]</c> (fs/char_dev.c), each bucket's
/// chain in order, as crash's <c>dump_chrdevs()</c> lists it; a region without its own cdev is looked up
/// in <c>cdev_map</c>'s probes by major and first minor.
/// </summary>
public static class CharDevices
{
    /// <summary>Buckets of <c>chrdevs</c> and of the <c>kobj_map</c> probe tables (crash's MAX_DEV).</summary>
    public const int MaxDev = 255;

    /// <summary>Most regions followed in one bucket's chain.</summary>
    public const int MaxChain = 4096;

    /// <summary>Every registered region, bucket by bucket.</summary>
    public static List<CharDevice> All(KernelProgram kernel)
    {
        KObject chrdevs = kernel.FindVariable("chrdevs") ?? throw new KernelObjectException("chrdevs: symbol does not exist");
        var list = new List<CharDevice>();
        int buckets = chrdevs.UnderlyingType is Symbols.Types.ArrayType a ? (int)Math.Min(a.Length ?? MaxDev, MaxDev) : MaxDev;
        for (int i = 0; i < buckets; i++)
        {
            KObject p = chrdevs.Index(i);
            var seen = new HashSet<ulong>();
            for (ulong cd = p.ToUInt64(); cd != 0 && seen.Count < MaxChain && seen.Add(cd);)
            {
                KObject c = KObject.Reference(kernel, p.UnderlyingType is Symbols.Types.PointerType pt ? pt.Target : p.Type, cd);
                KObject nameMember = c.Member("name");
                string name = nameMember.UnderlyingType is Symbols.Types.ArrayType
                    ? nameMember.ReadString()
                    : nameMember.ToUInt64() is ulong np && np != 0 ? kernel.Memory.TryReadCString(np, 256) ?? "(unknown)" : "(unknown)";
                int major = (int)c.Member("major").ToInt64(), minor = (int)c.Member("baseminor").ToInt64();
                ulong cdev = 0, fops = 0;
                if (c.HasMember("cdev"))
                {
                    cdev = c.Member("cdev").ToUInt64();
                    if (cdev != 0)
                        fops = c.Member("cdev").Member("ops").ToUInt64();
                }
                else if (c.HasMember("fops"))
                {
                    fops = c.Member("fops").ToUInt64();
                }
                if (fops == 0 && CdevMapProbe(kernel, major, minor) is var (probeCdev, probeFops))
                {
                    cdev = probeCdev;
                    fops = probeFops;
                }
                list.Add(new CharDevice(cd, major, minor, name, cdev, fops));
                cd = c.Member("next").ToUInt64();
            }
        }
        return list;
    }

    /// <summary>crash's <c>search_cdev_map_probes()</c>: the cdev of <c>cdev_map</c>'s probe for exactly (major, minor), and its ops.</summary>
    private static (ulong Cdev, ulong Fops)? CdevMapProbe(KernelProgram kernel, int major, int minor)
    {
        if (kernel.FindVariable("cdev_map") is not KObject map || map.ToUInt64() == 0 || major < 0 || major >= MaxDev)
            return null;
        try
        {
            KObject probe = map.Member("probes").Index(major);
            var probeType = ((Symbols.Types.PointerType)probe.UnderlyingType).Target;
            var seen = new HashSet<ulong>();
            for (ulong p = probe.ToUInt64(); p != 0 && seen.Count < MaxChain && seen.Add(p);)
            {
                KObject pr = KObject.Reference(kernel, probeType, p);
                uint dev = (uint)pr.Member("dev").ToUInt64();
                if (dev >> 20 == (uint)major && (dev & 0xfffff) == (uint)minor)
                {
                    ulong data = pr.Member("data").ToUInt64();
                    ulong ops = KObject.Reference(kernel, kernel.Type("struct cdev"), data).Member("ops").ToUInt64();
                    return (data, ops);
                }
                p = pr.Member("next").ToUInt64();
            }
        }
        catch (Dumps.MemoryFaultException)
        {
        }
        return null;
    }
}
