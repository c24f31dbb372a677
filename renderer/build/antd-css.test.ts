import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { antdModulesOf, appAntdImports, keepComponentCss, reachableStylePaths } from './antd-css';

const ANTD = path.dirname(fileURLToPath(import.meta.resolve('antd/package.json')));
const ES = path.join(ANTD, 'es');

const CACHE_MAP = (paths: string) => `.data-ant-cssinjs-cache-path{content:"${paths}";}`;

describe("the app's antd imports", () => {
  it('names what is imported from antd, without types, with aliases resolved, and deep imports', () => {
    const { names, deep } = appAntdImports([
      "import { Button, Table as T, type TableProps } from 'antd';",
      "import type { FormInstance } from 'antd';\nimport { App as AntApp, theme } from 'antd';",
      "import { useWatch } from 'antd/es/form';\nimport enUS from 'antd/locale/en_US';",
    ]);
    expect([...names].sort()).toEqual(['App', 'Button', 'Table', 'theme']);
    expect([...deep]).toEqual(['es/form']);
  });
});

describe("antd's style hooks reachable from a component", () => {
  it('follow the component into the ones it renders, and no further', () => {
    const paths = reachableStylePaths(antdModulesOf(ES, new Set(['Table'])));
    expect(paths).toContain('Table-Table');
    // Table renders pagination, a spinner, checkboxes and an empty state.
    for (const p of ['Pagination-Pagination', 'Spin-Spin', 'Checkbox-Checkbox', 'Empty-Empty']) expect(paths).toContain(p);
    expect(paths).not.toContain('DatePicker-DatePicker');
    expect(paths).not.toContain('Upload-Upload');
  });

  it('name sub-styles by both parts, as the cache map does', () => {
    const paths = reachableStylePaths(antdModulesOf(ES, new Set(['Input', 'Tag'])));
    expect(paths).toContain('Input-Search');
    expect(paths).toContain('Tag-preset');
  });
});

describe('keepComponentCss', () => {
  const css = [
    ':root{--ant-color-primary:#1677ff;}',
    '.anticon{display:inline-flex;}',
    '.ant-btn{color:red;}',
    '.ant-input-number{width:90px;}',
    '.ant-input{border:1px solid;}',
    '.ant-upload{display:block;}',
    '.ant-upload .ant-btn{margin:0;}',
    '@media (max-width:575px){.ant-upload-list{display:none;}}',
    '@keyframes antUploadIn{from{opacity:0;}to{opacity:1;}}',
    CACHE_MAP('|ant-design-icons|anticon:a1;|Shared|ant:a2;|Button-Button|ant-btn|anticon:b;|Input-Shared|ant-input|anticon:c;|Upload-Upload|ant-upload|anticon:d;|InputNumber-InputNumber|ant-input-number|anticon:e'),
  ].join('\n');

  it("drops the rules of unused components and their cache-map entries, so antd's runtime styles them if ever shown", () => {
    const out = keepComponentCss(css, new Set(['Button-Button', 'Input-Shared']));
    expect(out.dropped.sort()).toEqual(['InputNumber-InputNumber', 'Upload-Upload']);
    expect(out.css).not.toContain('.ant-upload{');
    expect(out.css).not.toContain('.ant-upload-list');
    // The longest prefix owns a class: ant-input-number is InputNumber's, not Input's.
    expect(out.css).not.toContain('.ant-input-number{');
    expect(out.css).toContain('.ant-input{');
    expect(out.css).toContain('.ant-btn{');
    // A rule naming a kept component stays, and so does everything naming none.
    expect(out.css).toContain('.ant-upload .ant-btn{');
    expect(out.css).toContain(':root{--ant-color-primary');
    expect(out.css).toContain('.anticon{');
    expect(out.css).toContain('@keyframes antUploadIn');
    expect(out.css).toContain('content:"|ant-design-icons|anticon:a1;|Shared|ant:a2;|Button-Button|ant-btn|anticon:b;|Input-Shared|ant-input|anticon:c"');
  });

  it("stops the build when antd's file has no cache map (its format changed)", () => {
    expect(() => keepComponentCss('.ant-btn{color:red;}', new Set())).toThrow(/cache-path/);
  });

  it("keeps, in antd's real file, every component the app's imports reach and drops some it never shows", () => {
    const real = readFileSync(path.join(ANTD, 'dist', 'antd.css'), 'utf8');
    const keep = reachableStylePaths(antdModulesOf(ES, new Set(['Button', 'Table', 'Form', 'Input', 'Modal'])));
    const out = keepComponentCss(real, keep);
    expect(out.kept).toEqual(expect.arrayContaining(['Button-Button', 'Table-Table', 'Form-Form', 'Modal-Modal']));
    expect(out.dropped).toEqual(expect.arrayContaining(['DatePicker-DatePicker', 'Upload-Upload', 'QRCode-QRCode']));
    expect(out.css.length).toBeLessThan(real.length * 0.9);
    expect(out.css).toContain('.ant-btn');
  });
});
