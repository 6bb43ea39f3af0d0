// exceljs behind a module of our own, for `await import()` on the first export:
// the server build then bundles that import as a lazily run module, whereas an
// import() of the package itself stays a native ES import, which jest's VM refuses.
import ExcelJS from "exceljs";

export default ExcelJS;
