namespace Crashdive.Helpers.Net;

/// <summary>
/// A network structure that could not be understood: a pointer that is not what it claims to be
/// (an sk_buff with its head after its end), a module whose debuginfo is missing, a kernel layout
/// the helper does not know. The message is one line naming the object and what was wrong.
/// </summary>
public sealed class NetException(string message) : Exception(message);
