// A shop's cart service that keeps its state in OrleansKv, not in its own process:
// - the user's cart lives in the ASP.NET session, whose store is OrleansKv's IDistributedCache
//   (any instance of the service, or a restarted one, sees the same cart);
// - products are typed JSON documents written and read with the KeyValueClient, with a time to
//   live for offers.
// Configuration (appsettings, environment or command line): OrleansKv:DataDirectory (a local
// cluster; default where the launcher puts it) or OrleansKv:Gateways:0, :1, ... ("host:port").
using System.Text.Json.Serialization;
using OrleansKv.Client;
using OrleansKv.Client.Hosting;
using OrleansKv.Samples.Carts;

var builder = WebApplication.CreateBuilder(args);
var settings = builder.Configuration.GetSection("OrleansKv");
builder.Services.AddOrleansKvClient(o =>
{
    if (settings["DataDirectory"] is { Length: > 0 } dataDirectory) o.DataDirectory = dataDirectory;
    if (settings.GetSection("Gateways").Get<string[]>() is { Length: > 0 } gateways) o.UseGateways(gateways);
});
builder.Services.AddOrleansKvDistributedCache();
builder.Services.AddSession(o =>
{
    o.IdleTimeout = TimeSpan.FromMinutes(20); // becomes the sliding expiry of the session's key
    o.Cookie.Name = "cart-session";
});
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CartJson.Default));

var app = builder.Build();
app.UseSession();

app.MapGet("/health", () => Results.Ok(new Health("ok")));

// The CancellationToken parameter keeps this lambda from binding as a plain RequestDelegate,
// which would drop the result it returns.
app.MapGet("/cart", async (HttpContext http, CancellationToken ct) => Results.Ok(await CartSession.LoadAsync(http)));

app.MapPost("/cart/items", async (HttpContext http, AddItem add, KeyValueClient kv, CancellationToken ct) =>
{
    var product = await kv.GetAsync($"product:{add.ProductId}", CartJson.Default.Product, cancellationToken: ct);
    if (product is null)
    {
        return Results.NotFound(new Problem($"No product '{add.ProductId}'."));
    }

    var cart = await CartSession.LoadAsync(http);
    cart = cart with { Items = [.. cart.Items, new CartItem(product.Id, product.Name, product.Price)] };
    await CartSession.SaveAsync(http, cart);
    return Results.Ok(cart);
});

app.MapPut("/products/{id}", async (string id, Product product, int? offerSeconds, KeyValueClient kv, CancellationToken ct) =>
{
    var ttl = offerSeconds is > 0 ? TimeSpan.FromSeconds(offerSeconds.Value) : (TimeSpan?)null;
    var written = await kv.PutAsync($"product:{id}", product with { Id = id }, CartJson.Default.Product, new PutOptions { Ttl = ttl }, ct);
    return Results.Ok(new Written($"product:{id}", written.Version.ToString()));
});

app.MapGet("/products/{id}", async (string id, KeyValueClient kv, CancellationToken ct) =>
    await kv.GetAsync($"product:{id}", CartJson.Default.Product, cancellationToken: ct) is { } product
        ? Results.Ok(product)
        : Results.NotFound(new Problem($"No product '{id}'.")));

app.Run();

namespace OrleansKv.Samples.Carts
{
    public sealed record Product(string Id, string Name, decimal Price);

    public sealed record CartItem(string ProductId, string Name, decimal Price);

    public sealed record Cart(CartItem[] Items)
    {
        public decimal Total => Items.Sum(i => i.Price);
    }

    public sealed record AddItem(string ProductId);

    public sealed record Written(string Key, string Version);

    public sealed record Problem(string Error);

    public sealed record Health(string Status);

    /// <summary>Source-generated JSON for everything the sample stores or answers.</summary>
    [JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(Product))]
    [JsonSerializable(typeof(Cart))]
    [JsonSerializable(typeof(AddItem))]
    [JsonSerializable(typeof(Written))]
    [JsonSerializable(typeof(Problem))]
    [JsonSerializable(typeof(Health))]
    public sealed partial class CartJson : JsonSerializerContext;

    /// <summary>The cart in the session: one JSON document under one session key.</summary>
    public static class CartSession
    {
        private const string Key = "cart";

        public static async Task<Cart> LoadAsync(HttpContext http)
        {
            await http.Session.LoadAsync(http.RequestAborted);
            return http.Session.Get(Key) is { } bytes
                ? System.Text.Json.JsonSerializer.Deserialize(bytes, CartJson.Default.Cart)!
                : new Cart([]);
        }

        public static async Task SaveAsync(HttpContext http, Cart cart)
        {
            http.Session.Set(Key, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(cart, CartJson.Default.Cart));
            await http.Session.CommitAsync(http.RequestAborted);
        }
    }
}
