using Microsoft.Extensions.Hosting;
using Streaming.Ingest;
using Streaming.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddIngest();
await builder.Build().RunAsync();
