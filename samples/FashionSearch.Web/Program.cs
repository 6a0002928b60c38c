using FashionSearch.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddFashionSearchWeb();
var app = builder.Build();
app.UseFashionSearchWeb();
await app.RunAsync();

/// <summary>The web app's entry point (public for <c>WebApplicationFactory</c> in the tests).</summary>
public partial class Program;
