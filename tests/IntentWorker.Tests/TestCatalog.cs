using Streaming.Core.Catalog;

namespace Streaming.IntentWorker.Tests;

/// <summary>A small generated catalog: beauty-like items with titles, categories and brands (never dataset text).</summary>
public static class TestCatalog
{
    public static ItemCatalog Create()
    {
        ItemMetadata[] items =
        [
            new("a1", "Hydrating Day Cream 50 ml", ["skin care", "moisturizer"], "Aqua"),
            new("a2", "Gentle Foaming Cleanser", ["skin care", "cleanser"], "Aqua"),
            new("a3", "Night Repair Cream", ["skin care", "moisturizer"], "Aqua"),
            new("a4", "Vitamin C Brightening Serum", ["skin care", "serum"], "Lumo"),
            new("a5", "Car Phone Holder", ["electronics"], "Grip"),
            new("a6", "Matte Lipstick Ruby", ["makeup", "lips"], "Rouge"),
            new("a7", "Crème Brûlée Body Lotion", ["bath and body"], "Sweet"),
            new("a8", "Hydrating Day Cream 50 ml", ["skin care", "moisturizer"], "Other"),
            new("a9", "Sunscreen SPF 50", ["skin care", "sun"], "Aqua"),
            new("a10", "USB Charging Cable", ["electronics"], "Grip"),
            new("a11", null, [], null),
        ];
        return ItemCatalog.Build(items.Select(i => i.ExternalId), items);
    }

    public static CatalogItem[] Items(ItemCatalog catalog, params string[] ids) =>
        [.. ids.Select(id => catalog[catalog.IndexOf(id)])];
}
