using Crashdive.Dumps;
using FsCheck;
using FsCheck.Fluent;

namespace Crashdive.Tests.Support;

/// <summary>
/// Random damage to the bytes of a real dump: the file is refused with a one-line
/// <see cref="DumpFormatException"/>, or it opens and every page read returns data or a
/// <see cref="MemoryFaultException"/> for that page. Nothing else escapes, nothing hangs.
/// </summary>
public static class DamageProperty
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromMinutes(10); // bounds a hang, measures nothing

    /// <summary>Most page frames looked at per damaged file (damage can make a dump claim petabytes).</summary>
    private const ulong MaxPfnsPerRun = 1UL << 22;

    /// <summary>
    /// Runs <paramref name="runs"/> damaged copies of <paramref name="original"/>, each with up to 8 bytes
    /// changed at offsets drawn from <paramref name="position"/>, and checks the outcome of each.
    /// </summary>
    public static async Task CheckAsync(byte[] original, Gen<int> position, int runs)
    {
        var mutation = Gen.Zip(position, Gen.Frequency((3, Gen.Choose(0, 255)), (1, Gen.Elements(0, 0xff, 0x7f, 0x80))));
        var gen = Gen.NonEmptyListOf(mutation).Select(l => l.Take(8).ToList());
        int opened = 0, refused = 0;
        long pagesRead = 0, faults = 0;

        var prop = Prop.ForAll(gen.ToArbitrary(), mutations =>
        {
            var bytes = original.ToArray();
            foreach (var (pos, value) in mutations)
                bytes[pos] = (byte)value;
            DumpFile dump;
            try
            {
                dump = DumpOpener.Open(new MemorySource(bytes));
            }
            catch (DumpFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                refused++;
                return;
            }
            using (dump)
            {
                opened++;
                _ = dump.Describe();
                _ = dump.Ranges;
                var page = new byte[dump.PageSize];
                ulong max = Math.Min(dump.MaxPfn, MaxPfnsPerRun);
                for (ulong pfn = 0; pfn < max; pfn++)
                {
                    var status = dump.GetPageStatus(pfn);
                    if (status != PageStatus.Present && pfn % 64 != 0)
                        continue; // every present page; a sample of the others
                    var fault = dump.TryReadPage(pfn, page);
                    pagesRead++;
                    if (fault != null)
                    {
                        faults++;
                        // the fault names an address inside the page (ELF: where its coverage stops)
                        Assert.InRange(fault.Address, pfn * (ulong)dump.PageSize, (pfn + 1) * (ulong)dump.PageSize - 1);
                    }
                    else
                    {
                        Assert.Equal(PageStatus.Present, status);
                    }
                }
            }
        });

        var run = Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs), prop));
        Assert.True(await Task.WhenAny(run, Task.Delay(Watchdog)) == run, $"no result after {Watchdog}: a damaged dump made the reader hang");
        await run; // rethrows the property's failure
        Assert.True(opened > 10 && refused > 10, $"{opened} opened, {refused} refused: the mutations explore too little");
        Assert.True(pagesRead > faults && faults > 0, $"{pagesRead} pages read, {faults} faults");
    }
}
