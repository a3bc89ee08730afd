using System.Globalization;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Kmem;
using Crashdive.Helpers.Fs;
using Crashdive.Kernel;

namespace Crashdive.Commands.Tasks;

public sealed partial class FilesCommand
{
    /// <summary>Runs <paramref name="action"/>, turning kernel object and memory failures into the command's one-line error.</summary>
    private static void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is KernelObjectException or Dumps.MemoryFaultException or Helpers.Trees.TreeWalkException)
        {
            throw new CommandException(e.Message);
        }
    }

    private static ulong ParseAddress(string w)
    {
        string d = w.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? w[2..] : w;
        if (d.Length == 0 || d.Length > 16 || !ulong.TryParse(d, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong v))
            throw new CommandException($"invalid address: {w}");
        return v;
    }

    /// <summary>crash's <c>display_dentry_info()</c>: the dentry, its inode, superblock, type and path.</summary>
    private static void DentryInfo(CommandContext context, ulong dentry)
    {
        var kernel = context.Kernel;
        var o = new StringBuilder();
        o.Append(CrashText.Center("DENTRY", 16)).Append(' ').Append(CrashText.Center("INODE", 16)).Append(' ')
            .Append(CrashText.Center("SUPERBLK", 16)).Append(" TYPE PATH\n");
        KObject d = KObject.Reference(kernel, kernel.Type("struct dentry"), dentry);
        ulong inode = d.Member("d_inode").ToUInt64();
        ulong sb = inode != 0 ? d.Member("d_inode").Member("i_sb").ToUInt64() : d.Member("d_sb").ToUInt64();
        string path = sb == 0 ? "" : PageCache.DentryPath(kernel, dentry, sb, Helpers.Tasks.Tasks.FindByPid(kernel, 1));
        string type = "N/A";
        if (inode != 0)
        {
            KObject ino = d.Member("d_inode").Deref();
            type = DPath.InodeType((uint)ino.Member("i_mode").ToUInt64());
            if (type.StartsWith("FIFO", StringComparison.Ordinal) && DPath.IsCrashPipe(kernel, ino))
                type = "PIPE";
        }
        o.Append(CrashText.RJust(dentry.ToString("x"), 16)).Append(' ').Append(CrashText.RJust(inode.ToString("x"), 16)).Append(' ')
            .Append(CrashText.Center(sb.ToString("x"), 16)).Append(' ').Append(type).Append(' ').Append(path).Append('\n');
        context.Out.Write(o.ToString());
    }

    /// <summary>crash's <c>dump_inode_page_cache_info()</c>: the inode and its nrpages, then each page of its cache as kmem shows a page.</summary>
    private static void InodePages(CommandContext context, ulong inode)
    {
        var kernel = context.Kernel;
        KObject mapping = PageCache.Mapping(kernel, inode);
        ulong nrpages = mapping.Member("nrpages").ToUInt64();
        var o = new StringBuilder();
        o.Append(CrashText.Center("INODE", 16)).Append("  NRPAGES\n");
        o.Append(CrashText.Center(inode.ToString("x"), 16, leanRight: true)).Append("  ").Append(CrashText.RJust(nrpages.ToString(CultureInfo.InvariantCulture), 7)).Append("\n\n");
        context.Out.Write(o.ToString());
        o.Clear();
        if (nrpages == 0)
            return;
        long count = 0;
        foreach (var (_, page) in PageCache.Pages(kernel, mapping.Deref()))
        {
            context.Cancellation.ThrowIfCancellationRequested();
            if (PageCache.PageToPfn(kernel, page) is not ulong pfn)
                continue;
            if (count++ == 0)
                o.Append(KmemCommand.PageHeader);
            o.Append(KmemCommand.PageLine(kernel, pfn));
        }
        context.Out.Write(o.ToString());
        if ((ulong)count != nrpages)
            context.Out.Write($"files: xarray page count: {count}  nrpages: {nrpages}\n");
    }
}
