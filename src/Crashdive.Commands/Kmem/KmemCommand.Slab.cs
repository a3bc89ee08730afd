using System.Text;
using Crashdive.Helpers.Lists;
using Crashdive.Helpers.Slab;
using Crashdive.Kernel;

namespace Crashdive.Commands.Kmem;

public sealed partial class KmemCommand
{
    private const string CacheHeader = "CACHE             OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE  NAME\n";

    private static void SlabCaches(CommandContext context, string? name, bool verbose, string? ignore, int cpus, HashSet<int>? onlyCpus)
    {
        var kernel = context.Kernel;
        if (name == "list")
        {
            var list = new StringBuilder();
            foreach (KObject cache in Slub.Caches(kernel))
                list.Append($"{cache.Address:x} {SafeName(cache)}\n");
            context.Out.Write(list.ToString());
            return;
        }
        var ignored = ignore?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        bool found = false;
        if (name is null)
            context.Out.Write(CacheHeader);
        var o = new StringBuilder();
        try
        {
            var caches = new List<KObject>(Slub.Caches(kernel));
            for (int i = 0; i < caches.Count; i++)
            {
                KObject cache = caches[i];
                context.Cancellation.ThrowIfCancellationRequested();
                string cacheName = SafeName(cache);
                if (name != null && cacheName != name)
                    continue;
                if (name != null)
                    o.Append(CacheHeader);
                found = true;
                if (Array.IndexOf(ignored, cacheName) >= 0)
                {
                    // crash's DUMP_KMEM_CACHE_TAG: "%lx %-43s  %s\n"
                    o.Append($"{cache.Address:x} {"[IGNORED]",-43}  {cacheName}\n");
                }
                else
                {
                    var s = Slub.Stats(cache, cpus);
                    o.Append(CacheLine(s));
                    if (verbose && !s.Failed)
                    {
                        CacheVerbose(context, cache, cpus, onlyCpus, o);
                        if (name is null && i + 1 < caches.Count)
                            o.Append(CacheHeader);
                    }
                }
                context.Out.Write(o.ToString());
                o.Clear();
                if (name != null)
                    break;
            }
        }
        catch (Exception e) when (e is ListWalkException or SlabException or KernelObjectException or Dumps.MemoryFaultException)
        {
            context.Out.Write(o.ToString());
            throw new CommandException($"slab_caches: {e.Message}");
        }
        if (name != null && !found)
            throw new CommandException($"invalid kmem_cache name: {name}");
    }

    private static string CacheLine(SlubCacheStats s)
    {
        string counts = s.Failed ? $"{"?",9}  {"?",8}  {"?",5}  " : $"{s.Allocated,9}  {s.Total,8}  {s.Slabs,5}  ";
        string failure = s.Failed ? $"kmem: {s.Name}: cannot gather relevant slab data\n" : "";
        return $"{failure}{s.Cache,-16:x} {s.ObjectSize,8}  {counts}{s.SlabSize / 1024,4}k  {s.Name}\n";
    }

    private static string SafeName(KObject cache)
    {
        try
        {
            return Slub.Name(cache);
        }
        catch (Exception e) when (e is Dumps.MemoryFaultException or KernelObjectException)
        {
            return "(unknown)";
        }
    }
}
