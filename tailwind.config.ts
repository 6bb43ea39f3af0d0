import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: {
          50: "#eef5ff", 100: "#d9e8ff", 200: "#bcd7ff", 300: "#8ebdff", 400: "#5998ff",
          500: "#3373f5", 600: "#1d56db", 700: "#1a45b0", 800: "#1b3d8b", 900: "#1c376f",
        },
        flag: { 600: "#c8102e", 700: "#a50d26" },
      },
      fontFamily: {
        sans: ["'Be Vietnam Pro'", "'Segoe UI'", "Roboto", "'Noto Sans'", "Arial", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
