using System.Diagnostics;

namespace OrleansKv.TestSupport.Linearizability;

/// <summary>
/// Decides whether a history is linearizable: the Wing–Gong search with Lowe's cache of
/// (linearized set, state), as Porcupine implements it. Linearizability is local
/// (P-compositionality, Horn and Kroening), so the history is split into independent parts (one
/// per key) and each is searched alone; the first part with no legal order decides. The search is
/// exponential in the worst case, so it is bounded by a timeout that yields
/// <see cref="LinearizabilityVerdict.Unknown"/>.
/// </summary>
public static class LinearizabilityChecker
{
    public static LinearizabilityResult Check<TState, TInput, TOutput>(
        ISequentialModel<TState, TInput, TOutput> model,
        IEnumerable<HistoryOperation<TInput, TOutput>> history,
        Func<TInput, string> partition,
        TimeSpan timeout)
        where TState : notnull
    {
        var deadline = Stopwatch.StartNew();
        var parts = history.GroupBy(operation => partition(operation.Input)).ToList();
        var searched = 0;
        foreach (var part in parts)
        {
            var result = CheckPart(model, part.ToList(), timeout - deadline.Elapsed);
            if (result.Verdict != LinearizabilityVerdict.Linearizable)
            {
                return result with { Partition = part.Key };
            }

            searched += part.Count();
        }

        return new LinearizabilityResult(
            LinearizabilityVerdict.Linearizable, null, $"{searched} operations in {parts.Count} partitions");
    }

    /// <summary>Checks a history as one part (for a model that is not split by key).</summary>
    public static LinearizabilityResult Check<TState, TInput, TOutput>(
        ISequentialModel<TState, TInput, TOutput> model,
        IEnumerable<HistoryOperation<TInput, TOutput>> history,
        TimeSpan timeout)
        where TState : notnull =>
        Check(model, history, _ => "all", timeout);

    private static LinearizabilityResult CheckPart<TState, TInput, TOutput>(
        ISequentialModel<TState, TInput, TOutput> model,
        IReadOnlyList<HistoryOperation<TInput, TOutput>> operations,
        TimeSpan timeout)
        where TState : notnull
    {
        var clock = Stopwatch.StartNew();
        var head = EventList.Build(operations);
        var cache = new HashSet<(OperationSet, TState)>();
        var stack = new Stack<(EventList.Entry Call, TState State, OperationSet Linearized)>();
        var state = model.Initial;
        var linearized = new OperationSet(operations.Count);
        var deepest = 0;
        var steps = 0L;
        var entry = head.Next;
        while (head.Next is not null)
        {
            if (++steps % 4096 == 0 && clock.Elapsed > timeout)
            {
                return new LinearizabilityResult(
                    LinearizabilityVerdict.Unknown, null,
                    $"timed out after {timeout.TotalSeconds:0.#} s with {stack.Count} of {operations.Count} operations linearized");
            }

            if (entry!.IsCall)
            {
                var operation = operations[entry.Operation];
                var next = linearized.With(entry.Operation);
                if (model.TryStep(state, operation.Input, operation.Output, out var after) && cache.Add((next, after)))
                {
                    stack.Push((entry, state, linearized));
                    state = after;
                    linearized = next;
                    deepest = Math.Max(deepest, stack.Count);
                    entry.Lift();
                    entry = head.Next;
                }
                else
                {
                    entry = entry.Next;
                }
            }
            else
            {
                // A return reached with its call still pending: that call had to take effect
                // earlier, so undo the last choice and try the next candidate after it.
                if (stack.Count == 0)
                {
                    var failed = operations[entry.Operation];
                    return new LinearizabilityResult(
                        LinearizabilityVerdict.NotLinearizable, null,
                        $"no legal order; at most {deepest} of {operations.Count} operations could be linearized; " +
                        $"stuck at client {failed.Client}: {failed.Input} -> {failed.Output} [{failed.Call}, {failed.Return}]");
                }

                var (call, previous, before) = stack.Pop();
                state = previous;
                linearized = before;
                call.Unlift();
                entry = call.Next;
            }
        }

        return new LinearizabilityResult(LinearizabilityVerdict.Linearizable, null, $"{operations.Count} operations");
    }
}
