namespace Crashdive.Dumps.Codecs;

/// <summary>
/// A read-only stream over memory the caller keeps pinned for the duration of one decode, so one
/// instance serves every page (ZLibStream wants a Stream; wrapping each page in a new MemoryStream
/// or UnmanagedMemoryStream would allocate per page).
/// </summary>
internal sealed unsafe class PinnedInputStream : Stream
{
    private byte* _data;
    private int _length;
    private int _position;

    /// <summary>Points the stream at <paramref name="length"/> bytes at <paramref name="data"/>, which must stay pinned until <see cref="Clear"/>.</summary>
    public void Reset(byte* data, int length)
    {
        _data = data;
        _length = length;
        _position = 0;
    }

    /// <summary>Forgets the memory (call before unpinning it).</summary>
    public void Clear() => Reset(null, 0);

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _length - _position);
        if (n <= 0)
            return 0;
        new ReadOnlySpan<byte>(_data + _position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        if (_position >= _length)
            return -1;
        return _data[_position++];
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
