using Microsoft.Extensions.Hosting;
using Streaming.Ranker;
using Streaming.ServiceDefaults;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddRanker();
await builder.Build().RunAsync();
