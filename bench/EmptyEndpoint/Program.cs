// The HTTP ceiling of this machine for bench/compare.sh: Kestrel on loopback answering
// PUT and GET /keys/{key} with 200 and a small JSON body, doing nothing else. Same routes as
// OrleansKv, so the same wrk scripts drive both. Usage: OrleansKv.EmptyEndpoint --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

const string Reply = """{"key":"k","consistency_level":"quorum","version":"0@node0"}""";
app.MapPut("/keys/{**key}", async (HttpRequest request) =>
{
    await request.Body.CopyToAsync(Stream.Null);
    return Results.Text(Reply, "application/json");
});
app.MapGet("/keys/{**key}", () => Results.Text(Reply, "application/json"));
app.Run();
