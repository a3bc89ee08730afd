using System.Buffers.Binary;

namespace Crashdive.Dumps.Sources;

/// <summary>
/// A makedumpfile flattened stream (-F) read in place: the records are indexed once and logical
/// offsets are served from them, without writing a reassembled copy. The logical file is what
/// <c>makedumpfile -R</c> would write: where a later record covers bytes an earlier one wrote, the later
/// one wins (makedumpfile rewrites headers at the end), and bytes no record wrote read as zeros
/// (holes of the sparse file -R leaves).
/// </summary>
/// <remarks>
/// Layout (makedumpfile.h): a 4096-byte header starting with <c>struct makedumpfile_header</c>
/// { char signature[16] = "makedumpfile"; int64 type = 1; int64 version = 1 }, then records of
/// <c>struct makedumpfile_data_header</c> { int64 offset; int64 buf_size } followed by buf_size bytes,
/// all integers big-endian; a record with offset -1 and size -1 ends the stream.
/// </remarks>
public sealed partial class FlattenedFileSource : IFileSource
{
    /// <summary>The 16-byte signature at the start of a flattened stream ("makedumpfile" and NULs).</summary>
    public static ReadOnlySpan<byte> Signature => "makedumpfile\0\0\0\0"u8;

    /// <summary>Size of the stream header (MAX_SIZE_MDF_HEADER); the first record follows it.</summary>
    public const int HeaderSize = 4096;

    /// <summary>Size of one record header (struct makedumpfile_data_header).</summary>
    public const int RecordHeaderSize = 16;

    private readonly IFileSource _inner;
    private readonly Segment[] _segments; // sorted by Logical, not overlapping

    private FlattenedFileSource(IFileSource inner, Segment[] segments, long length, int records, bool complete, long endOffset)
    {
        _inner = inner;
        _segments = segments;
        Length = length;
        RecordCount = records;
        IsComplete = complete;
        StreamEnd = endOffset;
    }

    /// <inheritdoc/>
    public string Path => _inner.Path;

    /// <summary>The logical length: the end of the furthest record.</summary>
    public long Length { get; }

    /// <summary>How many data records the stream holds.</summary>
    public int RecordCount { get; }

    /// <summary>How many pieces of the stream the logical file is made of once overlaps are resolved.</summary>
    public int SegmentCount => _segments.Length;

    /// <summary>False when the stream ends without its end marker (a cut-off stream, read as far as it goes).</summary>
    public bool IsComplete { get; }

    /// <summary>Offset in the stream just after the last whole record (or after the end marker).</summary>
    public long StreamEnd { get; }

    /// <summary>One line on the stream for --dumpinfo.</summary>
    public string Summary =>
        $"{RecordCount} records, {SegmentCount} segments, logical length {Length} bytes; " +
        (IsComplete ? "end marker present" : $"no end marker: the stream is truncated at 0x{StreamEnd:x}, read as far as it goes");

    /// <inheritdoc/>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset >= Length)
            return 0;
        int done = 0;
        int i = FindSegment(offset);
        while (done < buffer.Length && offset < Length)
        {
            // advance to the segment holding offset, or the first one after it
            while (i < _segments.Length && _segments[i].Logical + _segments[i].Length <= offset)
                i++;
            int want = buffer.Length - done;
            if (i < _segments.Length && _segments[i].Logical <= offset)
            {
                ref readonly var s = ref _segments[i];
                long inSeg = offset - s.Logical;
                int n = (int)Math.Min(want, s.Length - inSeg);
                int got = _inner.ReadAt(s.File + inSeg, buffer.Slice(done, n));
                done += got;
                offset += got;
                if (got != n)
                    break; // the stream file shrank since it was indexed
            }
            else
            {
                long holeEnd = i < _segments.Length ? _segments[i].Logical : Length;
                int n = (int)Math.Min(want, holeEnd - offset);
                buffer.Slice(done, n).Clear();
                done += n;
                offset += n;
            }
        }
        return done;
    }

    // Index of the last segment starting at or before offset (0 when none does).
    private int FindSegment(long offset)
    {
        int lo = 0, hi = _segments.Length - 1, found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_segments[mid].Logical <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();

    /// <summary>Logical bytes [Logical, Logical + Length) are at File in the stream.</summary>
    private readonly record struct Segment(long Logical, long File, long Length);

    private static long ReadInt64BigEndian(ReadOnlySpan<byte> b) => BinaryPrimitives.ReadInt64BigEndian(b);
}
