/**
 * Draws the demo photos (flat illustrations) that ship in demo/images. They are our own work, so the demo
 * carries no third-party rights; run `npx tsx scripts/make-demo-images.ts` to redraw them.
 */
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

const W = 1600;
const H = 900;

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

const metro = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b1d33"/><stop offset="1" stop-color="#23415f"/></linearGradient>
  <linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3c4652"/><stop offset="1" stop-color="#1c232b"/></linearGradient></defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>
  ${range(9).map((i) => `<rect x="${i * 190 - 20}" y="60" width="120" height="24" rx="4" fill="#f6e7b0" opacity="0.85"/>`).join('')}
  <rect x="0" y="180" width="${W}" height="420" fill="#16324d"/>
  <rect x="80" y="250" width="1440" height="300" rx="40" fill="#d9e2ea"/>
  <rect x="80" y="250" width="1440" height="60" rx="30" fill="#0f4c81"/>
  ${range(6).map((i) => `<rect x="${150 + i * 230}" y="330" width="170" height="140" rx="12" fill="#7fa6c9"/><rect x="${150 + i * 230}" y="330" width="170" height="40" rx="12" fill="#a9c6df"/>`).join('')}
  <rect x="80" y="500" width="1440" height="16" fill="#f2b705"/>
  <rect x="0" y="600" width="${W}" height="300" fill="url(#floor)"/>
  <rect x="0" y="600" width="${W}" height="22" fill="#f2b705"/>
  ${range(14).map((i) => `<rect x="${i * 120}" y="604" width="60" height="14" fill="#2b2b2b"/>`).join('')}
  <g fill="#0d1117" opacity="0.9"><circle cx="560" cy="690" r="26"/><rect x="536" y="716" width="48" height="140" rx="20"/>
  <circle cx="1020" cy="700" r="24"/><rect x="998" y="724" width="44" height="132" rx="18"/><rect x="1040" y="760" width="40" height="56" rx="6" fill="#46505c"/></g>
</svg>`;

const paddy = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#bfe3f5"/><stop offset="1" stop-color="#f3f1dc"/></linearGradient></defs>
  <rect width="${W}" height="${H}" fill="url(#s)"/>
  <circle cx="1300" cy="170" r="80" fill="#ffe58a"/>
  <path d="M0 360 Q 300 250 600 330 T 1200 300 T 1600 320 V 420 H 0 Z" fill="#6f9a6a"/>
  <path d="M0 400 Q 400 330 800 380 T 1600 370 V 460 H 0 Z" fill="#4f7d4c"/>
  ${range(7).map((r) => `<path d="M0 ${440 + r * 70} L ${W} ${420 + r * 72}" stroke="#3f6b2f" stroke-width="3"/>`).join('')}
  ${range(6).map((r) => `<rect x="0" y="${450 + r * 72}" width="${W}" height="56" fill="${r % 2 ? '#8cc26b' : '#a6d27d'}"/>`).join('')}
  ${range(6).flatMap((r) => range(40).map((c) => `<path d="M${c * 42 + (r % 2) * 20} ${500 + r * 72} l 6 -22 l 6 22" stroke="#2f6a24" stroke-width="3" fill="none"/>`)).join('')}
  <path d="M560 ${H} C 700 700 760 600 980 450" stroke="#5aa9d6" stroke-width="70" fill="none"/>
  <path d="M560 ${H} C 700 700 760 600 980 450" stroke="#9ed3ef" stroke-width="24" fill="none" opacity="0.7"/>
</svg>`;

const wind = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <defs><linearGradient id="d" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f4a259"/><stop offset="0.55" stop-color="#f7d6a0"/><stop offset="1" stop-color="#7fb7c9"/></linearGradient></defs>
  <rect width="${W}" height="${H}" fill="url(#d)"/>
  <circle cx="800" cy="560" r="110" fill="#ffd27a" opacity="0.9"/>
  <rect y="560" width="${W}" height="340" fill="#2f6f8a"/>
  ${range(10).map((i) => `<rect x="${i * 170}" y="${600 + (i % 3) * 60}" width="90" height="4" fill="#a7d3e0" opacity="0.6"/>`).join('')}
  ${[
    [260, 1.0],
    [620, 0.75],
    [960, 0.6],
    [1260, 0.85],
    [1480, 0.5],
  ]
    .map(([x, s]) => {
      const h = 420 * (s as number);
      const top = 580 - h;
      const hub = `${x},${top}`;
      const blade = (a: number) => `<path d="M${hub} l ${Math.cos(a) * 170 * (s as number)} ${Math.sin(a) * 170 * (s as number)}" stroke="#f8f8f8" stroke-width="${10 * (s as number)}" stroke-linecap="round"/>`;
      return `<rect x="${(x as number) - 6 * (s as number)}" y="${top}" width="${12 * (s as number)}" height="${h}" fill="#f1f1f1"/>${blade(-1.2)}${blade(0.9)}${blade(2.99)}<circle cx="${x}" cy="${top}" r="${12 * (s as number)}" fill="#e0e0e0"/>`;
    })
    .join('')}
</svg>`;

const library = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <rect width="${W}" height="${H}" fill="#f4ede1"/>
  <rect y="720" width="${W}" height="180" fill="#c8a97e"/>
  ${range(3)
    .map((shelf) =>
      range(34)
        .map((b) => {
          const colors = ['#0f4c81', '#b5473a', '#e0a526', '#3f7d5a', '#6b4f8a', '#d9d2c3', '#2c3e50'];
          const w = 28 + ((b * 7 + shelf * 3) % 14);
          const h = 150 + ((b * 13 + shelf * 5) % 40);
          return `<rect x="${60 + b * 44}" y="${80 + shelf * 210 + (190 - h)}" width="${w}" height="${h}" fill="${colors[(b + shelf) % colors.length]}"/>`;
        })
        .join('') + `<rect x="40" y="${270 + shelf * 210}" width="1520" height="16" fill="#8a6a43"/>`,
    )
    .join('')}
  <rect x="420" y="600" width="760" height="40" rx="8" fill="#7a5533"/>
  <rect x="460" y="640" width="30" height="140" fill="#6a4a2c"/><rect x="1110" y="640" width="30" height="140" fill="#6a4a2c"/>
  <g fill="#1f2933"><circle cx="640" cy="510" r="34"/><rect x="600" y="545" width="80" height="70" rx="24"/>
  <circle cx="960" cy="505" r="32"/><rect x="922" y="538" width="76" height="76" rx="24"/></g>
  <rect x="700" y="570" width="90" height="34" rx="4" fill="#f8f8f8"/><rect x="860" y="566" width="56" height="40" rx="6" fill="#33414f"/>
</svg>`;

const images: Record<string, string> = {
  'night-metro.jpg': metro,
  'paddy-water.jpg': paddy,
  'offshore-wind.jpg': wind,
  'library.jpg': library,
};

for (const [name, svg] of Object.entries(images)) {
  const jpg = await sharp(Buffer.from(svg)).jpeg({ quality: 82, mozjpeg: true }).toBuffer();
  writeFileSync(new URL(`../demo/images/${name}`, import.meta.url), jpg);
  process.stdout.write(`${name}: ${jpg.length} bytes\n`);
}
