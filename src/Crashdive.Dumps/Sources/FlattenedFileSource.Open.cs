namespace Crashdive.Dumps.Sources;

public sealed partial class FlattenedFileSource
{
    private const long TypeFlatHeader = 1;    // TYPE_FLAT_HEADER
    private const long VersionFlatHeader = 1; // VERSION_FLAT_HEADER
    private const long EndFlag = -1;          // END_FLAG_FLAT_HEADER

    /// <summary>Largest logical offset a record may reach (64 PiB): past it a number is absurd, not a dump.</summary>
    public const long MaxLogicalEnd = 1L << 56;

    /// <summary>Largest single record accepted (1 TiB); makedumpfile writes at most a few MiB at once.</summary>
    public const long MaxRecordSize = 1L << 40;

    /// <summary>
    /// Indexes the records of <paramref name="inner"/> (which the new source then owns). A malformed
    /// stream is refused with one line; a stream that stops at a record boundary without its end marker
    /// is accepted as truncated (<see cref="IsComplete"/> false).
    /// </summary>
    public static FlattenedFileSource Open(IFileSource inner)
    {
        string path = inner.Path;
        long fileLength = inner.Length;
        Span<byte> head = stackalloc byte[32];
        inner.ReadExactly(0, head, "makedumpfile_header");
        if (!head[..16].SequenceEqual(Signature))
            throw new DumpFormatException(path, 0,
                $"not a makedumpfile flattened stream: signature {Convert.ToHexString(head[..16]).ToLowerInvariant()}");
        long type = ReadInt64BigEndian(head[16..]);
        if (type != TypeFlatHeader)
            throw new DumpFormatException(path, 16, $"flattened header type {type} is not {TypeFlatHeader} (TYPE_FLAT_HEADER)");
        long version = ReadInt64BigEndian(head[24..]);
        if (version != VersionFlatHeader)
            throw new DumpFormatException(path, 24, $"flattened header version {version} is not {VersionFlatHeader} (VERSION_FLAT_HEADER)");
        if (fileLength < HeaderSize)
            throw new DumpFormatException(path, fileLength,
                $"file is truncated: the flattened header needs {HeaderSize} bytes, the file ends after {fileLength}");

        var records = new RecordList();
        long pos = HeaderSize;
        bool complete = false;
        Span<byte> rh = stackalloc byte[RecordHeaderSize];
        while (fileLength - pos >= RecordHeaderSize)
        {
            inner.ReadExactly(pos, rh, "makedumpfile_data_header");
            long logical = ReadInt64BigEndian(rh);
            long size = ReadInt64BigEndian(rh[8..]);
            if (logical == EndFlag)
            {
                if (size != EndFlag)
                    throw new DumpFormatException(path, pos + 8, $"end marker has buf_size {size}, expected -1");
                complete = true;
                pos += RecordHeaderSize;
                break;
            }
            if (logical < 0)
                throw new DumpFormatException(path, pos, $"record has negative offset {logical}");
            if (size < 0)
                throw new DumpFormatException(path, pos + 8, $"record at logical offset 0x{logical:x} has negative size {size}");
            if (size > MaxRecordSize)
                throw new DumpFormatException(path, pos + 8, $"record at logical offset 0x{logical:x} has absurd size {size} (more than {MaxRecordSize})");
            long left = fileLength - pos - RecordHeaderSize;
            if (size > left)
                throw new DumpFormatException(path, pos + 8,
                    $"record of {size} bytes at logical offset 0x{logical:x} runs past the end of the file ({left} bytes left)");
            if (logical > MaxLogicalEnd - size)
                throw new DumpFormatException(path, pos, $"record at logical offset 0x{logical:x} is absurd (beyond 0x{MaxLogicalEnd:x})");
            if (size > 0)
                records.Add(logical, pos + RecordHeaderSize, size);
            pos += RecordHeaderSize + size;
        }
        if (records.Count == 0)
            throw new DumpFormatException(path, HeaderSize,
                complete ? "flattened stream holds no data records" : "flattened stream holds no data records and has no end marker");

        var segments = BuildSegments(records, out long length);
        return new FlattenedFileSource(inner, segments, length, records.Count, complete, pos);
    }

    /// <summary>
    /// Turns records (in stream order) into sorted, non-overlapping segments where the latest record
    /// wins every byte it wrote.
    /// </summary>
    private static Segment[] BuildSegments(RecordList list, out long length)
    {
        var recs = list.ToSortedArray();
        length = 0;
        bool overlaps = false;
        for (int i = 0; i < recs.Length; i++)
        {
            long end = recs[i].Logical + recs[i].Length;
            length = Math.Max(length, end);
            if (i + 1 < recs.Length && end > recs[i + 1].Logical)
                overlaps = true;
        }
        if (!overlaps)
        {
            var simple = new Segment[recs.Length];
            for (int i = 0; i < recs.Length; i++)
                simple[i] = new Segment(recs[i].Logical, recs[i].File, recs[i].Length);
            return simple;
        }

        // Sweep over every start and end: between two consecutive boundaries the covering record with
        // the highest sequence number (the last written) supplies the bytes. Records enter a heap
        // when the sweep reaches their start and leave it lazily once the sweep is past their end.
        var bounds = new long[recs.Length * 2];
        for (int i = 0; i < recs.Length; i++)
        {
            bounds[2 * i] = recs[i].Logical;
            bounds[2 * i + 1] = recs[i].Logical + recs[i].Length;
        }
        Array.Sort(bounds);
        var live = new PriorityQueue<int, int>();
        var pieces = new List<Segment>(recs.Length + 16);
        int next = 0, lastOwner = -1;
        for (int k = 0; k + 1 < bounds.Length; k++)
        {
            long b = bounds[k], e = bounds[k + 1];
            if (b == e)
                continue;
            while (next < recs.Length && recs[next].Logical <= b)
            {
                live.Enqueue(next, -recs[next].Sequence);
                next++;
            }
            while (live.TryPeek(out int top, out _) && recs[top].Logical + recs[top].Length <= b)
                live.Dequeue();
            if (!live.TryPeek(out int owner, out _))
                continue; // a hole: no record wrote these bytes
            long file = recs[owner].File + (b - recs[owner].Logical);
            if (owner == lastOwner && pieces.Count > 0 && pieces[^1].Logical + pieces[^1].Length == b)
                pieces[^1] = pieces[^1] with { Length = pieces[^1].Length + (e - b) };
            else
                pieces.Add(new Segment(b, file, e - b));
            lastOwner = owner;
        }
        return pieces.ToArray();
    }

    /// <summary>One data record: where its bytes go, where they are, and its place in the stream.</summary>
    private struct Record
    {
        public long Logical;
        public long File;
        public long Length;
        public int Sequence;
    }

    /// <summary>A growable array of records: one struct per record, no object each.</summary>
    private sealed class RecordList
    {
        private Record[] _items = new Record[1024];

        public int Count { get; private set; }

        public void Add(long logical, long file, long length)
        {
            if (Count == _items.Length)
                Array.Resize(ref _items, checked(_items.Length * 2));
            _items[Count] = new Record { Logical = logical, File = file, Length = length, Sequence = Count };
            Count++;
        }

        /// <summary>The records sorted by logical offset, then by stream order.</summary>
        public Record[] ToSortedArray()
        {
            var a = _items.AsSpan(0, Count).ToArray();
            Array.Sort(a, static (x, y) => x.Logical != y.Logical ? x.Logical.CompareTo(y.Logical) : x.Sequence.CompareTo(y.Sequence));
            return a;
        }
    }
}
