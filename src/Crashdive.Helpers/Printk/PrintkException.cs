namespace Crashdive.Helpers.Printk;

/// <summary>The printk ring buffer could not be understood; the message names what.</summary>
public sealed class PrintkException(string message) : Exception(message);
