#!/usr/bin/env python3
"""Writes src/demo/jiangbei_places.csv: the demo shape of 江北区 for
`yuanba seed-demo` (issue 13) -- 9 streets and 3 towns, their communities
and villages, and 1,379 grids ("第N网格"), busy urban streets getting more.
Community names are real where known and plausible otherwise. The demo's
own grid and compound (塔坪一网格, 塔坪小区) are one of 塔坪社区's grids.
Run it again after changing the lists; the output is deterministic."""

STREETS = [
    # (street or town, grids, communities and villages)
    ("观音桥街道", 230, "塔坪社区 鲤鱼池社区 建新东路社区 建新西路社区 建新北路社区 北城天街社区 洋河花园社区 观音桥社区 东原社区 董家溪社区 嘉陵社区 金源社区 松树桥社区 新村社区"),
    ("华新街街道", 130, "华新村社区 大庆村社区 紫荆社区 桥北村社区 北城社区 嘉陵一村社区 渝北村社区 红土地社区 北仓社区"),
    ("五里店街道", 150, "五里店社区 玉带山社区 建北社区 桂花社区 弓桅社区 金科社区 刘家台社区 石子山社区 江北嘴社区 猫儿石社区"),
    ("江北城街道", 95, "江北城社区 上湾路社区 洋炮局社区 香国寺社区 金港社区 江北嘴中央社区"),
    ("石马河街道", 120, "石马河社区 南桥寺社区 红石路社区 雨花社区 北滨社区 鲤鱼池北社区 桥北苑社区 石门坎社区"),
    ("大石坝街道", 140, "大石坝社区 东风社区 石门社区 海南社区 盘溪社区 红土地北社区 九村社区 五村社区 大兴村社区"),
    ("寸滩街道", 110, "寸滩社区 黑石子社区 港城社区 保税港社区 寸滩村 鸡公嘴村 海尔路社区"),
    ("铁山坪街道", 60, "铁山坪社区 黄泥堡村 果园港社区 双碾村"),
    ("郭家沱街道", 85, "郭家沱社区 望江社区 铁路社区 大兴场社区 黄桷湾社区 郭家沱村"),
    ("鱼嘴镇", 110, "鱼嘴社区 长安社区 果园村 双溪村 鱼嘴村 复兴村 长河村 大石村 明月村"),
    ("复盛镇", 80, "复盛社区 太洪村 新华村 三角村 杨家村 广阳村 黄桷村"),
    ("五宝镇", 69, "五宝社区 杨梅村 团结村 海合村 金庆村 新房子村"),
]


def main():
    assert sum(g for _, g, _ in STREETS) == 1379
    lines = ["street,community,grid,compound"]
    for street, grids, names in STREETS:
        communities = names.split()
        # Deterministic unevenness: the first communities are the busiest.
        weights = [len(communities) + 3 - i for i in range(len(communities))]
        shares = [grids * w // sum(weights) for w in weights]
        for i in range(grids - sum(shares)):
            shares[i % len(shares)] += 1
        for community, share in zip(communities, shares):
            for n in range(1, share + 1):
                if (street, community, n) == ("观音桥街道", "塔坪社区", 1):
                    lines.append(f"{street},{community},塔坪一网格,塔坪小区")
                else:
                    lines.append(f"{street},{community},第{n}网格,")
    with open("src/demo/jiangbei_places.csv", "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
