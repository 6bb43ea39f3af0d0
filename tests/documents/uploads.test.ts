import { fileKind, formatFileSize } from "../../app/components/document-list";
import { asciiFileName, contentDisposition, sanitizeFileName } from "../../app/lib/uploads.server";
import { dispositionName } from "./fixtures";

describe("file names", () => {
  test("keeps Vietnamese names, normalised to NFC", () => {
    const nfd = "Biên bản họp.pdf".normalize("NFD");
    expect(sanitizeFileName(nfd)).toBe("Biên bản họp.pdf".normalize("NFC"));
  });

  test("drops paths, control and bidi characters", () => {
    expect(sanitizeFileName("C:\\Users\\vp\\Tờ trình.docx")).toBe("Tờ trình.docx");
    expect(sanitizeFileName("../../etc/passwd.pdf")).toBe("passwd.pdf");
    expect(sanitizeFileName("bao\u0000cao\r\n.pdf")).toBe("baocao.pdf");
    expect(sanitizeFileName("hop-dong\u202efdp.exe")).toBe("hop-dongfdp.exe");
    expect(sanitizeFileName("   ")).toBe("tai-lieu");
    expect(sanitizeFileName("...")).toBe("tai-lieu");
  });

  test("caps the name at 255 characters and keeps the extension", () => {
    const long = "Đề án ".repeat(80) + ".pptx";
    const s = sanitizeFileName(long);
    expect([...s].length).toBeLessThanOrEqual(255);
    expect(s.endsWith(".pptx")).toBe(true);
  });

  test("Content-Disposition has an ASCII fallback and the exact UTF-8 name", () => {
    const name = "Báo cáo Đề án 06 (bản cuối) – 100% \"chính thức\".pdf";
    const header = contentDisposition(name);
    expect(header.startsWith('attachment; filename="')).toBe(true);
    const fallback = /filename="([^"]*)"/.exec(header)![1];
    expect(fallback).toMatch(/^[\x20-\x7e]+$/);
    expect(fallback.startsWith("Bao cao De an 06")).toBe(true);
    expect(dispositionName(header)).toBe(name);
    // Nothing that could end the header value early.
    expect(header).not.toMatch(/[\r\n]/);
    expect(asciiFileName("đơn")).toBe("don");
  });
});

describe("document list helpers", () => {
  test("sizes are written the Vietnamese way", () => {
    expect(formatFileSize(512)).toBe("512 B");
    expect(formatFileSize(1536)).toBe("1,5 KB");
    expect(formatFileSize(1.2 * 1024 * 1024)).toBe("1,2 MB");
    expect(formatFileSize(50 * 1024 * 1024)).toBe("50 MB");
  });

  test("file kinds have a label", () => {
    expect(fileKind("application/pdf").short).toBe("PDF");
    expect(fileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document").short).toBe("DOC");
    expect(fileKind("image/webp").label).toBe("Hình ảnh");
  });
});
