using System.Collections.Concurrent;

namespace OrleansKv.EndToEndTests.Nemesis;

/// <summary>How an operation ended, as a client saw it.</summary>
public enum Outcome
{
    /// <summary>2xx (or 404 for a read of an absent key): acknowledged.</summary>
    Ok,

    /// <summary>503 with a JSON error saying nothing was applied (or a read that failed cleanly).</summary>
    FailedCleanly,

    /// <summary>A write that may have been applied: 503 with may_have_been_applied, a timeout, a dropped connection.</summary>
    Maybe,

    /// <summary>Anything else: a 5xx other than a JSON 503, a non-JSON error body, an unexpected status. Must never happen.</summary>
    BadAnswer,
}

/// <summary>One client operation on one key. Writes carry the key's sequence number (a put stores it as the value).</summary>
/// <param name="Read">For a read: the sequence number read, or null when the key read as absent.</param>
public sealed record Operation(string Key, string Kind, long Sequence, string Level, long StartTicks, long EndTicks, Outcome Outcome, long? Read, string Detail);

/// <summary>
/// Every operation of a fault-injection run, and the checker. Each key has one writer, whose
/// writes carry increasing sequence numbers, so acknowledged writes of a key are ordered and
/// "newer" means "larger sequence".
/// </summary>
public sealed class OperationHistory
{
    private readonly ConcurrentQueue<Operation> _operations = new();

    public void Add(Operation operation) => _operations.Enqueue(operation);

    public IReadOnlyCollection<Operation> Operations => _operations;

    /// <summary>
    /// Checks the reads made during the run and the final state (<paramref name="final"/>: each
    /// key's sequence read at the end, null for absent) against the acknowledged writes.
    /// </summary>
    public Verdict Check(IReadOnlyDictionary<string, long?> final, int diverged)
    {
        var byKey = _operations.GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.OrderBy(o => o.StartTicks).ToList());
        var lost = new List<string>();
        var stale = new List<string>();
        var invented = new List<string>();
        foreach (var (key, ops) in byKey)
        {
            var writes = ops.Where(o => o.Kind != "get").ToList();
            var acknowledged = writes.Where(w => w.Outcome == Outcome.Ok).ToList();
            var order = new WriteOrder(writes);
            long? lastReadSequence = null;
            long lastReadEnd = 0;
            foreach (var read in ops.Where(o => o.Kind == "get" && o.Outcome == Outcome.Ok))
            {
                if (read.Read is { } seen && !writes.Any(w => w.Kind == "put" && w.Sequence == seen && w.StartTicks <= read.EndTicks))
                {
                    invented.Add($"{key}: read {seen}, which no client wrote");
                    continue;
                }

                // The newest write acknowledged before the read began: the read must see it or something newer.
                var before = acknowledged.Where(w => w.EndTicks < read.StartTicks).MaxBy(w => order.Rank(w.Sequence));
                var wentBack = read.Read is { } current && lastReadSequence is { } earlier && read.StartTicks > lastReadEnd && order.Rank(current) < order.Rank(earlier);
                var behind = before is not null && !Sees(read, before, writes, order);
                if ((wentBack || behind) && read.Read is { } late && order.TryApplyLate(late, read, writes))
                {
                    // A write that timed out took effect after later writes (its request reached
                    // a coordinator late): from now on it ranks above every write begun before this read.
                    wentBack = false;
                    behind = false;
                }

                if (behind)
                {
                    stale.Add($"{key}: read {(read.Read?.ToString() ?? "absent")} after {before!.Kind} {before.Sequence} was acknowledged");
                }

                if (wentBack)
                {
                    stale.Add($"{key}: read {read.Read} after an earlier read returned {lastReadSequence} (went backwards)");
                }

                if (read.Read is not null)
                {
                    lastReadSequence = read.Read;
                    lastReadEnd = read.EndTicks;
                }
            }

            var newest = acknowledged.MaxBy(w => w.Sequence);
            var end = final.GetValueOrDefault(key);
            if (newest is not null && !SeesFinal(end, newest, writes, order))
            {
                lost.Add($"{key}: {newest.Kind} {newest.Sequence} ({newest.Level}) was acknowledged, the key ends {(end?.ToString() ?? "absent")}");
            }

            if (end is { } value && !writes.Any(w => w.Kind == "put" && w.Sequence == value))
            {
                invented.Add($"{key}: ends with {value}, which no client wrote");
            }
        }

        var all = _operations.ToList();
        return new Verdict(
            all.Count, all.Count(o => o.Outcome == Outcome.Ok), all.Count(o => o.Outcome == Outcome.FailedCleanly), all.Count(o => o.Outcome == Outcome.Maybe),
            all.Where(o => o.Outcome == Outcome.BadAnswer).Select(o => $"{o.Kind} {o.Key}: {o.Detail}").ToList(), lost, stale, invented, diverged);
    }

    /// <summary>A read sees <paramref name="write"/> if it returns it or a write ranked above it that had started by the time the read ended.</summary>
    private static bool Sees(Operation read, Operation write, List<Operation> writes, WriteOrder order) =>
        read.Read is { } value
            ? order.Rank(value) >= order.Rank(write.Sequence)
            : write.Kind == "delete" || writes.Any(w => w.Kind == "delete" && w.Sequence > write.Sequence && w.StartTicks <= read.EndTicks);

    private static bool SeesFinal(long? end, Operation newest, List<Operation> writes, WriteOrder order) =>
        end is { } value
            ? order.Rank(value) >= order.Rank(newest.Sequence)
            : newest.Kind == "delete" || writes.Any(w => w.Kind == "delete" && w.Sequence > newest.Sequence);
}

/// <summary>
/// The order in which a key's writes took effect: their sequence, except for a write that timed
/// out (outcome Maybe, never answered) and was seen after later writes had been acknowledged.
/// Such a write may take effect any time after it began (a request held up by a network cut
/// reaches its coordinator seconds later and is stamped then), as in any linearizability check
/// of an operation without an answer; it is placed once, just above every write begun before the
/// read that first showed it late. The writes it so overwrote must never be read again: a read of
/// one of them after that is still stale (went backwards).
/// </summary>
internal sealed class WriteOrder(List<Operation> writes)
{
    private readonly Dictionary<long, double> _late = [];

    public double Rank(long sequence) => _late.TryGetValue(sequence, out var rank) ? rank : sequence;

    /// <summary>Places the Maybe put of <paramref name="sequence"/> late, if it is one and not placed yet; false otherwise.</summary>
    public bool TryApplyLate(long sequence, Operation read, List<Operation> all)
    {
        var write = writes.FirstOrDefault(w => w.Kind == "put" && w.Sequence == sequence);
        if (write is not { Outcome: Outcome.Maybe } || _late.ContainsKey(sequence))
        {
            return false;
        }

        var begun = all.Where(w => w.StartTicks <= read.EndTicks).Max(w => Rank(w.Sequence));
        // A thousandth above: above every write begun so far, below the next sequence number.
        _late[sequence] = begun + 0.001;
        return true;
    }
}

/// <summary>What the checker found; <see cref="ToString"/> is the run's one summary line.</summary>
public sealed record Verdict(
    int Operations, int Acknowledged, int FailedCleanly, int Maybe, List<string> BadAnswers, List<string> Lost, List<string> StaleReads,
    List<string> Invented, int Diverged)
{
    /// <summary>Nothing wrong: no bad answer, no lost or invented value, no stale read, no diverged replica.</summary>
    public bool Holds => BadAnswers.Count == 0 && Lost.Count == 0 && StaleReads.Count == 0 && Invented.Count == 0 && Diverged == 0;

    public override string ToString() =>
        $"operations={Operations} acknowledged={Acknowledged} failed_cleanly={FailedCleanly} maybe={Maybe} bad_answers={BadAnswers.Count} " +
        $"lost={Lost.Count} stale_reads={StaleReads.Count} invented={Invented.Count} diverged={Diverged}";

    /// <summary>The first few of each kind of problem, for a failure message.</summary>
    public string Examples() =>
        string.Join("\n", BadAnswers.Take(5).Concat(Lost.Take(5)).Concat(StaleReads.Take(5)).Concat(Invented.Take(5)));
}
