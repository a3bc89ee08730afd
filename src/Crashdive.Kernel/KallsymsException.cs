namespace Crashdive.Kernel;

/// <summary>kallsyms could not be decoded; the message names what.</summary>
public sealed class KallsymsException(string message) : Exception(message);
