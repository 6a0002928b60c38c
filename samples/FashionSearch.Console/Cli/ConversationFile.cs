using System.Text.Json;
using MultimodalSearch;

namespace FashionSearch.Console.Cli;

/// <summary>
/// The conversation a script keeps between <c>ask --conversation FILE</c> calls: read before the request (a missing
/// or empty file is a new conversation), written back after it, atomically (a new file moved over the old one).
/// </summary>
internal static class ConversationFile
{
    /// <summary>Reads the conversation in <paramref name="path"/>, or null when the file does not exist or is empty.</summary>
    /// <exception cref="UsageException">The file is not a conversation, or is over the workflow's limits.</exception>
    public static async Task<FashionConversation?> ReadAsync(string path, FashionSearchOptions limits, CancellationToken cancellationToken)
    {
        // The size of what a link leads to, not of the link: a link to /dev/zero must not be read (size 0, as a FIFO).
        var file = new FileInfo(path);
        if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
        {
            file = target;
        }

        if (!file.Exists || file.Length == 0)
        {
            return null;
        }

        // Far past the byte limit there is no point reading it: the message says what the limit is.
        if (file.Length > 16L * limits.MaxConversationBytes)
        {
            throw TooLarge(path, file.Length, limits);
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        FashionConversation? conversation;
        try
        {
            conversation = JsonSerializer.Deserialize<FashionConversation>(bytes);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            throw new UsageException($"--conversation '{path}' is not a conversation{where}: {FirstSentence(ex.Message)} Delete it to start a new one.");
        }

        if (conversation is null || conversation.Turns is null || conversation.Turns.Any(t => t is null))
        {
            throw new UsageException($"--conversation '{path}' is not a conversation: it needs {{\"turns\":[...]}}. Delete it to start a new one.");
        }

        if (conversation.Turns.Count > limits.MaxConversationTurns)
        {
            throw new UsageException(
                $"--conversation '{path}' has {conversation.Turns.Count} turns; at most {limits.MaxConversationTurns} are accepted (MultimodalSearch:Workflow:MaxConversationTurns).");
        }

        var size = JsonSerializer.SerializeToUtf8Bytes(conversation).Length;
        if (size > limits.MaxConversationBytes)
        {
            throw TooLarge(path, size, limits);
        }

        return conversation;
    }

    /// <summary>Writes <paramref name="conversation"/> to <paramref name="path"/>: to a new file beside it first, then moved over it.</summary>
    public static async Task WriteAsync(string path, FashionConversation conversation, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(conversation), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static UsageException TooLarge(string path, long size, FashionSearchOptions limits) =>
        new($"--conversation '{path}' is {size} bytes; at most {limits.MaxConversationBytes} are accepted (MultimodalSearch:Workflow:MaxConversationBytes).");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
