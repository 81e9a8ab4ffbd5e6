namespace OrleansKv.Shell.Repl;

/// <summary>
/// Lines entered at the prompt, oldest first, kept across sessions in a file (one line each).
/// History is a convenience: a file that cannot be read or written is ignored, never an error.
/// </summary>
public sealed class CommandHistory
{
    private readonly List<string> _entries = [];
    private readonly string? _file;
    private readonly int _capacity;

    public CommandHistory(string? file, int capacity = 1000)
    {
        _file = file;
        _capacity = capacity;
        if (file is null || !File.Exists(file))
        {
            return;
        }

        try
        {
            var lines = File.ReadAllLines(file).Where(l => l.Trim().Length > 0).ToList();
            _entries.AddRange(lines.Skip(Math.Max(0, lines.Count - capacity)));
            if (lines.Count > 2 * capacity)
            {
                File.WriteAllLines(file, _entries);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Start with an empty history.
        }
    }

    public IReadOnlyList<string> Entries => _entries;

    /// <summary>Remembers a line (trimmed), unless it is blank or repeats the previous one.</summary>
    public void Add(string line)
    {
        line = line.Trim();
        if (line.Length == 0 || (_entries.Count > 0 && _entries[^1] == line))
        {
            return;
        }

        _entries.Add(line);
        if (_entries.Count > _capacity)
        {
            _entries.RemoveAt(0);
        }

        if (_file is null)
        {
            return;
        }

        try
        {
            File.AppendAllLines(_file, [line]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Kept for this session only.
        }
    }
}
