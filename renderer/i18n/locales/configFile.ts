import { defineLocale } from '../define';

/** Settings → configuration file: the same export / import as `channel-desk config export|import`. */
export default defineLocale(
  {
    title: 'Configuration file',
    help: 'The same file as the command line’s config export / import. An export never contains a secret: secrets are empty and listed as set. On import the whole file is checked first; if anything is wrong nothing changes.',
    export: 'Export configuration',
    import: 'Import configuration…',
    chooseFile: 'Choose a .json file',
    problemsTitle: 'Nothing was imported. Fix these places in the file:',
    at: 'At {{path}}',
  },
  {
    title: '配置文件',
    help: '与命令行 config export / import 使用同一文件。导出的文件不包含任何密钥：密钥为空，并注明已设置。导入时先检查整个文件；有任何错误则不做任何更改。',
    export: '导出配置',
    import: '导入配置…',
    chooseFile: '选择 .json 文件',
    problemsTitle: '未导入任何内容。请修改文件中的这些位置：',
    at: '位置 {{path}}',
  },
);
