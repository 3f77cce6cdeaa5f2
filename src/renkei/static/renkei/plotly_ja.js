// Plotly's own words (toolbar, messages, month names) in Japanese when the page is Japanese.
// plotly.js ships its locales separately from the plotly wheel, so the few we show are here.
(function () {
  if (!window.Plotly) return;
  Plotly.register({
    moduleType: "locale",
    name: "ja",
    dictionary: {
      "Autoscale": "自動縮尺",
      "Box Select": "矩形選択",
      "Compare data on hover": "ホバーでデータを比較",
      "Double-click to zoom back out": "ダブルクリックで元の縮尺に戻す",
      "Download plot as a png": "PNG画像として保存",
      "Download plot as a PNG": "PNG画像として保存",
      "Download plot": "画像として保存",
      "Lasso Select": "投げ縄選択",
      "Pan": "移動",
      "Produced with Plotly.js": "Plotly.js で作成",
      "Reset": "リセット",
      "Reset axes": "軸をリセット",
      "Reset view": "表示をリセット",
      "Reset views": "表示をリセット",
      "Show closest data on hover": "最も近いデータを表示",
      "Snapshot succeeded": "画像を保存しました",
      "Sorry, there was a problem downloading your snapshot!": "画像を保存できませんでした。",
      "Taking snapshot - this may take a few seconds": "画像を作成しています（数秒かかることがあります）",
      "Toggle Spike Lines": "補助線の表示切替",
      "Toggle show closest data on hover": "最も近いデータの表示切替",
      "Zoom": "拡大",
      "Zoom in": "拡大",
      "Zoom out": "縮小",
      "trace": "系列"
    },
    format: {
      days: ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"],
      shortDays: ["日", "月", "火", "水", "木", "金", "土"],
      months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
      date: "%Y/%m/%d"
    }
  });
  var lang = (document.documentElement.lang || "ja").slice(0, 2);
  Plotly.setPlotConfig({ locale: lang === "ja" ? "ja" : "en" });
})();
