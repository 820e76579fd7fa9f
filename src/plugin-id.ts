/** The uploader's id in PicGo: its config key (`picBed.aliyun-oss-plus`), its command and the prefix of every line it prints. */
export const PLUGIN_ID = 'aliyun-oss-plus'
