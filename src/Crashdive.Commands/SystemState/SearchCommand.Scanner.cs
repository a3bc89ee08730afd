using System.Runtime.InteropServices;
using System.Text;
using Crashdive.Commands.Arguments;
using Crashdive.Commands.Memory;
using Crashdive.Kernel;

namespace Crashdive.Commands.SystemState;

public sealed partial class SearchCommand
{
    /// <summary>
    /// The search proper: ranges read a page at a time into one buffer and matched as crash's
    /// <c>search_virtual()</c>/<c>search_physical()</c> with <c>search_ulong/uint/ushort/chars()</c> do, the
    /// output identical. No allocation per page or per word; output goes out in 64 KB pieces.
    /// </summary>
    private sealed class Scanner
    {
        /// <summary>Characters shown from a string hit on (crash's CHARS_CTX).</summary>
        private const int CharsContext = 56;

        private readonly CommandContext _context;
        private readonly KernelProgram _kernel;
        private readonly MemoryType _memory;
        private readonly Mode _mode;
        private readonly ulong _mask;
        private readonly int _around;
        private readonly byte[] _page = new byte[PageSize];
        private readonly StringBuilder _out = new(1 << 16);
        private readonly List<ulong> _values = [];
        private readonly List<string> _labels = [];
        private readonly List<byte[]> _strings = [];

        // string hits that may continue on the next page (crash's struct cross_match)
        private ulong _crossNext = ulong.MaxValue;
        private int[] _crossCount = [];
        private ulong[] _crossAddress = [];
        private bool[][] _crossHit = [];
        private int[] _nextHit = [];
        private int _tasksFound;

        public Scanner(CommandContext context, MemoryType memory, Mode mode, ulong mask, int around)
        {
            _context = context;
            _kernel = context.Kernel;
            _memory = memory;
            _mode = mode;
            _mask = mask;
            _around = around;
        }

        /// <summary>Bytes of one searched item.</summary>
        public int Width => _mode switch { Mode.Ulong => 8, Mode.Uint => 4, Mode.Ushort => 2, _ => 1 };

        /// <summary>Values or strings to look for.</summary>
        public int ValueCount => _values.Count + _strings.Count;

        /// <summary>The task header printed before the first hit of the range being searched (-t, -T), or null.</summary>
        public string? TaskHeader { get; set; }

        public void AddValue(ulong value, string label)
        {
            _values.Add(value);
            _labels.Add(label);
        }

        public void AddString(byte[] target)
        {
            _strings.Add(target);
            _crossCount = new int[_strings.Count];
            _crossAddress = new ulong[_strings.Count];
            _nextHit = new int[_strings.Count];
            _crossHit = [.. _strings.Select(s => new bool[Math.Max(1, s.Length - 1)])];
        }

        public void Note(string text) => _out.Append(text);

        public void Flush()
        {
            _context.Out.Write(_out.ToString());
            _out.Clear();
        }

        /// <summary>Searches [<paramref name="start"/>, <paramref name="end"/>); unreadable pages are skipped.</summary>
        public void Range(ulong start, ulong end)
        {
            if ((start & 7) != 0)
            {
                start &= ~7UL;
                _out.Append($"search: rounding down start address to: {start:x}\n");
            }
            ulong lastBase = end & ~(ulong)(PageSize - 1);
            for (ulong pp = start & ~(ulong)(PageSize - 1), next = start; next < end; next = pp)
            {
                _context.Cancellation.ThrowIfCancellationRequested();
                bool last = (next & ~(ulong)(PageSize - 1)) == lastBase;
                if (Read(pp))
                {
                    int offset = (int)(next - pp);
                    int words = last ? (int)((end - next) / 8) : (PageSize - offset) / 8;
                    Page(offset, words * 8, next);
                    if (_out.Length > 1 << 16)
                        Flush();
                }
                if (pp + PageSize < pp)
                    break;
                pp += PageSize;
            }
        }

        private bool Read(ulong pp) => _memory switch
        {
            MemoryType.Physical => _kernel.Physical.Read(pp, _page) == PageSize,
            MemoryType.UserVirtual => _kernel.ReadMemory(pp, MemoryType.UserVirtual, _page, out _) == PageSize,
            _ => _kernel.Memory.TryRead(pp, _page),
        };

        private void Page(int offset, int count, ulong address)
        {
            var span = _page.AsSpan(offset, count);
            switch (_mode)
            {
                case Mode.Ulong:
                    Words(MemoryMarshal.Cast<byte, ulong>(span), address);
                    break;
                case Mode.Uint:
                    Words(MemoryMarshal.Cast<byte, uint>(span), address);
                    break;
                case Mode.Ushort:
                    Words(MemoryMarshal.Cast<byte, ushort>(span), address);
                    break;
                default:
                    Chars(offset, count, address);
                    break;
            }
        }

        /// <summary>Every item equal to a value (bits of the mask ignored), each value in order at each item.</summary>
        private void Words<T>(ReadOnlySpan<T> words, ulong address) where T : unmanaged, IEquatable<T>
        {
            int size = Marshal.SizeOf<T>();
            ulong widthMask = size == 8 ? ulong.MaxValue : (1UL << (size * 8)) - 1;
            if (_mask == 0 && _values.Count <= 3)
            {
                // the vectorised scan for the common case: find any candidate, then test each value in order
                T v0 = Narrow<T>(_values[0]), v1 = Narrow<T>(_values[_values.Count > 1 ? 1 : 0]), v2 = Narrow<T>(_values[_values.Count > 2 ? 2 : 0]);
                for (int i = 0; i < words.Length;)
                {
                    int at = _values.Count == 1 ? words[i..].IndexOf(v0) : words[i..].IndexOfAny(v0, v1, v2);
                    if (at < 0)
                        break;
                    i += at;
                    Hits(Widen(words[i]), address + (ulong)(i * size), widthMask);
                    i++;
                }
                return;
            }
            for (int i = 0; i < words.Length; i++)
                Hits(Widen(words[i]), address + (ulong)(i * size), widthMask);
        }

        private void Hits(ulong word, ulong address, ulong widthMask)
        {
            ulong mask = _mask & widthMask;
            for (int v = 0; v < _values.Count; v++)
            {
                if ((word | mask) != ((_values[v] & widthMask) | mask))
                    continue;
                Header();
                if (_around == 0)
                {
                    _out.Append(address.ToString("x")).Append(": ").Append(word.ToString("x")).Append(' ').Append(_labels[v]).Append('\n');
                    continue;
                }
                WithContext(word, address, _labels[v]);
            }
        }

        /// <summary>crash's <c>display_with_pre_and_post()</c>: the items before, the hit, the items after, an empty line.</summary>
        private void WithContext(ulong word, ulong address, string label)
        {
            ulong span = (ulong)(_around * Width);
            Around(address - span);
            _out.Append(CrashText.RJust(address.ToString("x"), 16)).Append(":  ").Append(word.ToString("x")).Append(' ').Append(label).Append('\n');
            Around(address + (ulong)Width);
            _out.Append('\n');
        }

        private void Around(ulong address)
        {
            Flush();
            var request = new RdRequest
            {
                Address = address,
                Count = _around,
                Display = Width switch { 8 => RdDisplay.Bits64, 4 => RdDisplay.Bits32, _ => RdDisplay.Bits16 },
                Format = RdFormat.Hexadecimal | RdFormat.AsciiEndline,
                Memory = _memory,
            };
            try
            {
                MemoryDisplay.Show(_context, request, null);
            }
            catch (CommandException)
            {
                // crash displays the context with NO_ERROR: an unreadable item ends it quietly
            }
        }

        private void Header()
        {
            if (TaskHeader == null)
                return;
            if (_tasksFound++ > 0)
                _out.Append('\n');
            _out.Append(TaskHeader);
            TaskHeader = null;
        }

        /// <summary>
        /// crash's <c>search_chars()</c>: hits that began at the end of the previous page and end here, then
        /// this page's hits in address order (each shown with up to 56 characters), then the possible
        /// beginnings of hits in the last len-1 bytes, remembered for the next page.
        /// </summary>
        private void Chars(int offset, int count, ulong address)
        {
            var span = _page.AsSpan(offset, count);
            var rest = _page.AsSpan(offset);
            if (_crossNext == address)
            {
                for (int j = 0; j < _strings.Count; j++)
                {
                    if (_crossCount[j] == 0)
                        continue;
                    byte[] target = _strings[j];
                    int len = target.Length;
                    for (int i = 0; i < len - 1; i++)
                    {
                        if (!_crossHit[j][i] || i + 1 > rest.Length || !rest[..(i + 1)].SequenceEqual(target.AsSpan(len - 1 - i)))
                            continue;
                        int tail = Math.Clamp(CharsContext - len, 0, Math.Max(0, rest.Length - (i + 1)));
                        Report(_crossAddress[j] + (ulong)i, target, rest.Slice(i + 1, tail));
                    }
                }
            }
            _crossNext = address + (ulong)count;
            for (int j = 0; j < _strings.Count; j++)
            {
                int len = _strings[j].Length;
                _crossCount[j] = 0;
                _crossAddress[j] = address + (ulong)count - (ulong)(len - 1);
                Array.Clear(_crossHit[j]);
                _nextHit[j] = Find(span, _strings[j], 0);
            }
            // this page's whole hits, merged in address order (ties: the earlier argument first)
            while (true)
            {
                int best = -1;
                for (int j = 0; j < _strings.Count; j++)
                {
                    if (_nextHit[j] >= 0 && (best < 0 || _nextHit[j] < _nextHit[best]))
                        best = j;
                }
                if (best < 0)
                    break;
                int at = _nextHit[best];
                Report(address + (ulong)at, span.Slice(at, Math.Min(CharsContext, count - at)), []);
                _nextHit[best] = Find(span, _strings[best], at + 1);
            }
            for (int j = 0; j < _strings.Count; j++)
            {
                byte[] target = _strings[j];
                int len = target.Length;
                for (int i = Math.Max(0, count - len + 1); i < count; i++)
                {
                    if (span[i..].SequenceEqual(target.AsSpan(0, count - i)))
                    {
                        _crossHit[j][len + i - count - 1] = true;
                        _crossCount[j]++;
                    }
                }
            }
        }

        private static int Find(ReadOnlySpan<byte> span, byte[] target, int from)
        {
            if (from > span.Length)
                return -1;
            int at = span[from..].IndexOf(target);
            return at < 0 ? -1 : from + at;
        }

        private void Report(ulong address, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
        {
            Header();
            _out.Append(address.ToString("x")).Append(": ");
            foreach (byte b in first)
                _out.Append(CrashText.IsPrint(b) ? (char)b : '.');
            foreach (byte b in second)
                _out.Append(CrashText.IsPrint(b) ? (char)b : '.');
            _out.Append('\n');
        }

        private static T Narrow<T>(ulong v) where T : unmanaged
        {
            Span<ulong> one = [v];
            return MemoryMarshal.Cast<ulong, T>(one)[0];
        }

        private static ulong Widen<T>(T v) where T : unmanaged
        {
            Span<ulong> one = [0];
            MemoryMarshal.Write(MemoryMarshal.AsBytes(one), in v);
            return one[0];
        }
    }
}
