namespace Crashdive.Kernel;

/// <summary>
/// A caller's mistake with kernel objects, in one line: an unknown symbol or type, a member the
/// type does not have, an operation the type does not allow (dereferencing an integer).
/// </summary>
public sealed class KernelObjectException(string message) : Exception(message);
