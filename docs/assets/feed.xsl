<?xml version="1.0" encoding="UTF-8"?>
<!-- park-digest: how a browser shows the RSS feeds (the site's and each park's), in Chinese. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta charset="UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title"/> · RSS 订阅</title>
        <style>
          body { font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
                 max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem; line-height: 1.7; color: #222; background: #fff; }
          .about { background: #eef1fb; border-radius: .4rem; padding: .8rem 1rem; }
          .item { border-top: 1px solid #ddd; padding: .8rem 0; }
          .item h2 { font-size: 1.1rem; margin: 0 0 .2rem; }
          .meta { color: #666; font-size: .9rem; }
          a { color: #3f51b5; }
          @media (prefers-color-scheme: dark) {
            body { color: #ddd; background: #1e2129; } .about { background: #2b3040; } a { color: #8c9eff; } .meta { color: #aaa; }
          }
        </style>
      </head>
      <body>
        <p class="about">这是一个 RSS 订阅源。把本页网址复制到阅读器（如 Feedly、Inoreader、NetNewsWire）中，即可订阅以下报道的更新。</p>
        <h1><xsl:value-of select="rss/channel/title"/></h1>
        <p><xsl:value-of select="rss/channel/description"/></p>
        <p><a><xsl:attribute name="href"><xsl:value-of select="rss/channel/link"/></xsl:attribute>访问网站</a></p>
        <p class="meta">共 <xsl:value-of select="count(rss/channel/item)"/> 篇报道</p>
        <xsl:for-each select="rss/channel/item">
          <div class="item">
            <h2><a><xsl:attribute name="href"><xsl:value-of select="link"/></xsl:attribute><xsl:value-of select="title"/></a></h2>
            <p class="meta">
              <xsl:if test="pubDate">发布日期：<xsl:call-template name="date"><xsl:with-param name="rfc822" select="pubDate"/></xsl:call-template></xsl:if>
              <xsl:for-each select="category"> · <xsl:value-of select="."/></xsl:for-each>
            </p>
            <p><xsl:value-of select="description"/></p>
          </div>
        </xsl:for-each>
      </body>
    </html>
  </xsl:template>
  <!-- "Wed, 07 Sep 2022 00:00:00 +0800" as 2022年9月7日 (RFC 822 dates, as both kinds of feed write them). -->
  <xsl:template name="date">
    <xsl:param name="rfc822"/>
    <xsl:variable name="rest" select="normalize-space(substring-after($rfc822, ','))"/>
    <xsl:variable name="months" select="'JanFebMarAprMayJunJulAugSepOctNovDec'"/>
    <xsl:variable name="month" select="substring-before(substring-after($rest, ' '), ' ')"/>
    <xsl:value-of select="substring-before(substring-after(substring-after($rest, ' '), ' '), ' ')"/>
    <xsl:text>年</xsl:text>
    <xsl:value-of select="string-length(substring-before($months, $month)) div 3 + 1"/>
    <xsl:text>月</xsl:text>
    <xsl:value-of select="number(substring-before($rest, ' '))"/>
    <xsl:text>日</xsl:text>
  </xsl:template>
</xsl:stylesheet>
